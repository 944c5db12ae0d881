package export

// words is every phrase an export writes, in one language. Runbook text is
// never translated: it is shown as written.
type words struct {
	lang                                                                      string // "en" or "ja"
	opened, openedDrill, assigned, answered, revised, verdict, rank           string
	security, notSecurity                                                     string
	stamped, started, attempted, done, withNote, overdue, waived, cancelled   string
	note, inject, injectFrom, recovered, closed, unknown, noMeans             string
	clockPaused, clockRunning                                                 string
	postmortem, draft, statusOpen, statusClosed                               string
	hIncident, hSummary, hImpact, hVerdict, hPath, hDuties, hGantt, hTimeline string
	hNotes, hLessons, hActions, hIntegrity                                    string
	notClosed, impactHelp, noVerdict, noAnswers, noNotes                      string
	lWentWell, lWentWrong, lLucky, actionHelp                                 string
	fIncident, fRunbook, fOpened, fClosed, fDuration, fVerdict, fSecurity     string
	fRank, fCategory, fReached, fTimeToVerdict, fActors                       string
	yes, no                                                                   string
	cDuty, cWho, cTrigger, cStarted, cDue, cDone, cStatus                     string
	cTimeLocal, cTimeUTC, cActor, cEvent, cAction, cType, cOwner, cDueDate    string
	sRunning, sOverdue, sOnTime, sLate, sWaived, sCancelled, sIdle            string
	superseded, integrityHelp, records, headHash, sealed, notSealed           string
	ganttTitle                                                                string
}

// wordsFor returns the catalogue for lang: Japanese for "ja", else English.
// It builds a fresh value, so no caller can change another's words.
func wordsFor(lang string) *words {
	w := englishWords()
	if lang == "ja" {
		w = japaneseWords()
	}
	return &w
}

func englishWords() words {
	return words{
		lang:        "en",
		opened:      "Opened incident %s with runbook %q.",
		openedDrill: "Opened drill %s with runbook %q (scenario %q).",
		assigned:    "%s is now %s.",
		answered:    "%s — answered: %s.",
		revised:     "Went back to revise: %s",
		verdict:     "Verdict: %s (%s).",
		rank:        " Rank: %s.",
		security:    "security incident",
		notSecurity: "not security",
		stamped:     "Milestone: %s.",
		started:     "Duty started: %s, due %s.",
		attempted:   "Tried %s by %s: %s.",
		done:        "Done: %s, by %s.",
		withNote:    " Note: %s",
		overdue:     "OVERDUE: %s (was due %s).",
		waived:      "Waived: %s. Reason: %s",
		cancelled:   "Cancelled: %s (%s).",
		note:        "Note: %s",
		inject:      "Inject: %s",
		injectFrom:  "Inject from %s: %s",
		recovered:   "Journal recovered after a crash: %d bytes of a torn last line kept in %s.",
		// "x", not "×": an ambiguous-width glyph would break the TUI's
		// timeline, which writes the same sentence.
		clockPaused:  "Drill clock paused (speed %sx).",
		clockRunning: "Drill clock running at %sx.",
		closed:       "Closed. Summary: %s",
		unknown:      "Event %s (from a newer shodo).",
		noMeans:      "unspecified means",

		postmortem: "Postmortem", draft: "draft", statusOpen: "open", statusClosed: "closed",
		hIncident: "Incident", hSummary: "Summary", hImpact: "Impact", hVerdict: "Verdict",
		hPath: "Triage path", hDuties: "Duties", hGantt: "Duty clocks", hTimeline: "Timeline",
		hNotes: "Notes", hLessons: "Lessons learned", hActions: "Action items", hIntegrity: "Integrity",
		notClosed:  "_The incident is not closed yet: no summary._",
		impactHelp: "_Who and what was affected, for how long, and how badly. Fill in._",
		noVerdict:  "_No verdict was reached._",
		noAnswers:  "_No triage question was answered._",
		noNotes:    "_No notes._",
		lWentWell:  "What went well", lWentWrong: "What went wrong", lLucky: "Where we got lucky",
		actionHelp: "_One row per action; owners and dates are for people to fill in._",
		fIncident:  "Incident", fRunbook: "Runbook", fOpened: "Opened", fClosed: "Closed", fDuration: "Duration",
		fVerdict: "Verdict", fSecurity: "Security incident", fRank: "Rank", fCategory: "Category",
		fReached: "Reached", fTimeToVerdict: "Time to verdict", fActors: "Responders",
		yes: "yes", no: "no",
		cDuty: "Duty", cWho: "Who → whom", cTrigger: "Trigger", cStarted: "Started", cDue: "Due", cDone: "Done", cStatus: "Status",
		cTimeLocal: "Time (local)", cTimeUTC: "Time (UTC)", cActor: "Actor", cEvent: "Event",
		cAction: "Action", cType: "Type", cOwner: "Owner", cDueDate: "Due date",
		sRunning: "running", sOverdue: "OVERDUE", sOnTime: "done on time", sLate: "done late by %s",
		sWaived: "waived", sCancelled: "cancelled", sIdle: "not started",
		superseded:    "superseded",
		integrityHelp: "Check this export against the journal with `shodo verify %s`.",
		records:       "Records", headHash: "Journal head (SHA-256 of the last record)", sealed: "Signed head", notSealed: "not sealed yet",
		ganttTitle: "Duty clocks",
	}
}

func japaneseWords() words {
	return words{
		lang:         "ja",
		opened:       "インシデント %s を開始（ランブック「%s」）。",
		openedDrill:  "訓練 %s を開始（ランブック「%s」、シナリオ「%s」）。",
		assigned:     "%s の担当を %s に変更。",
		answered:     "%s — 回答：%s",
		revised:      "回答を見直し：%s",
		verdict:      "判定：%s（%s）。",
		rank:         "ランク：%s。",
		security:     "セキュリティインシデント",
		notSecurity:  "セキュリティ以外",
		stamped:      "マイルストーン：%s。",
		started:      "義務を開始：%s、期限 %s。",
		attempted:    "%s を試行（%s）：%s。",
		done:         "完了：%s（%s）。",
		withNote:     "メモ：%s",
		overdue:      "期限超過：%s（期限 %s）。",
		waived:       "免除：%s。理由：%s",
		cancelled:    "取消：%s（%s）。",
		note:         "メモ：%s",
		inject:       "インジェクト：%s",
		injectFrom:   "インジェクト（%s）：%s",
		recovered:    "クラッシュ後にジャーナルを復旧：途切れた最終行 %d バイトを %s に保全。",
		clockPaused:  "訓練の時計を一時停止（速度 %s倍）。",
		clockRunning: "訓練の時計が速度 %s倍 で進行。",
		closed:       "クローズ。概要：%s",
		unknown:      "イベント %s（新しい shodo が記録）。",
		noMeans:      "手段未記録",

		postmortem: "ポストモーテム", draft: "草稿", statusOpen: "対応中", statusClosed: "クローズ済み",
		hIncident: "インシデント", hSummary: "概要", hImpact: "影響", hVerdict: "判定",
		hPath: "トリアージの経路", hDuties: "義務", hGantt: "義務の時計", hTimeline: "タイムライン",
		hNotes: "メモ", hLessons: "教訓", hActions: "対応項目", hIntegrity: "完全性",
		notClosed:  "_インシデントはまだクローズされていません（概要なし）。_",
		impactHelp: "_誰に何の影響がどれだけの時間あったか。記入してください。_",
		noVerdict:  "_判定に至っていません。_",
		noAnswers:  "_トリアージの質問に回答していません。_",
		noNotes:    "_メモはありません。_",
		lWentWell:  "うまくいったこと", lWentWrong: "うまくいかなかったこと", lLucky: "運が良かったこと",
		actionHelp: "_1 行に 1 項目。担当と期日は記入してください。_",
		fIncident:  "インシデント", fRunbook: "ランブック", fOpened: "開始", fClosed: "クローズ", fDuration: "期間",
		fVerdict: "判定", fSecurity: "セキュリティインシデント", fRank: "ランク", fCategory: "分類",
		fReached: "判定時刻", fTimeToVerdict: "判定までの時間", fActors: "対応者",
		yes: "はい", no: "いいえ",
		cDuty: "義務", cWho: "誰が → 誰に", cTrigger: "契機", cStarted: "開始", cDue: "期限", cDone: "完了", cStatus: "状態",
		cTimeLocal: "時刻（現地）", cTimeUTC: "時刻（UTC）", cActor: "実施者", cEvent: "出来事",
		cAction: "対応", cType: "種別", cOwner: "担当", cDueDate: "期日",
		sRunning: "進行中", sOverdue: "期限超過", sOnTime: "期限内に完了", sLate: "%s 遅れて完了",
		sWaived: "免除", sCancelled: "取消", sIdle: "未開始",
		superseded:    "見直し済み",
		integrityHelp: "`shodo verify %s` でジャーナルと照合できます。",
		records:       "レコード数", headHash: "ジャーナルの先頭（最終レコードの SHA-256）", sealed: "署名済みヘッド", notSealed: "未署名",
		ganttTitle: "義務の時計",
	}
}
