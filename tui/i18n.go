package tui

import (
	"fmt"
	"strings"
	"time"
)

// Languages the app's own words come in. Runbook text is shown as written.
const (
	LangEnglish  = "en"
	LangJapanese = "ja"
)

// DefaultLang picks the app's language from the locale, the way POSIX
// programs do: the first of LC_ALL, LC_MESSAGES and LANG that is set decides;
// "ja…" (ja_JP.UTF-8, ja) means Japanese, anything else English. getenv is
// os.Getenv in production.
func DefaultLang(getenv func(string) string) string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		if strings.HasPrefix(strings.ToLower(v), "ja") {
			return LangJapanese
		}
		return LangEnglish
	}
	return LangEnglish
}

// text is the app's message catalogue for one language: every word the app
// itself draws. Strings with verbs are fmt formats. The catalogue is a value
// built by a function per language, never a package-level map that code
// could change.
type text struct {
	Lang string

	// Units of durations: 3d04h, 1h05m, 4m05s, 9s.
	Day, Hour, Minute, Second string

	TooSmall      string // width, height, min width, min height
	Loading       string
	Saving        string // action
	Recorded      string // action
	NotRecorded   string // action, error
	InternalError string // panic value
	AnyKeyQuits   string
	Copied        string
	CopyFallback  string

	// Home screen.
	HomeTitle       string
	HomeActor       string // actor
	HomeRunbooks    string
	HomeOpen        string
	HomeClosed      string
	HomeDrills      string
	HomeNoRunbooks  string
	HomeNoOpen      string
	HomeNoClosed    string
	HomeNoDrills    string
	HomeDrillDetail string // runbook, speed, count of injects
	HomeStarting    string // scenario title
	HomeDrillRun    string // drill incidents are listed with the others
	HomeExample     string
	HomeProblems    string // count
	HomeOpening     string // runbook title
	HomeResuming    string // incident id
	HomeExport      string // command
	HomeUnreadable  string // error
	HomeEvents      string // count
	HomeLoadFailed  string // error

	// Incident header.
	Live, DrillTag, ClosedTag, NotSaving string
	Elapsed                              string // duration
	Verdict                              string // verdict title
	NoVerdict                            string
	SecurityYes                          string
	SecurityNo                           string
	RankIs                               string // rank
	OverdueCount                         string // count
	PoisonedBanner                       string // incident id

	// Panes.
	PaneTriage, PaneDuties, PaneTimeline string

	// Triage.
	Hint         string
	PathTitle    string
	NoAnswers    string
	VerdictTitle string
	ReviseChoose string
	ClosedNote   string
	SavingMark   string

	// Duties.
	DueIn        string // duration
	DueSoon      string // duration
	OverdueBy    string // duration
	DueAt        string // time
	Scope        string
	AttemptsHead string
	Action       string
	OnTime       string // means
	LateBy       string // duration, means
	WaivedBy     string // reason
	CancelledBy  string // reason
	Finished     string
	NotStarted   string // count
	NoDuties     string
	MessageHint  string
	By           string // "by %s"

	// Timeline.
	NewerBelow string // count

	// Drills: the header, the inject banner, the facilitator's pages, the
	// score at the close.
	DrillSpeed, DrillPaused        string // speed; -
	DrillPausedHint, DrillPausedAt string // scenario time
	DrillRunning, DrillSpeedSet    string // speed
	DrillJumped                    string // scenario time
	InjectTag                      string
	InjectFrom                     string // sender
	InjectMore                     string // count
	InjectReadAll                  string
	InjectsTitle                   string // count
	InjectsNone                    string
	MoreBelow                      string // count
	NotesTitle                     string
	NotesScenario                  string // title, id
	NotesRunbook                   string // title
	NotesObjectives                string
	NotesNoObjectives              string
	NotesExpect                    string // verdict
	NotesWithin                    string // duration
	NotesNoExpect                  string
	InjectArrived                  string // inject's head line
	ListSep                        string
	NotesMet                       string // count
	NotesNotStarted                string // duty titles
	NotesWatch                     string // scenario time
	NotesComing                    string
	NotesAllDelivered              string
	NotesNoNote                    string
	DrillClosedTitle               string // incident
	DrillExport, ScoreTitle        string
	ScoreVerdict                   string // outcome
	ScoreTarget                    string // duration
	ScoreDuties                    string // on time, late, not met, expected
	ScoreRatings                   string // list
	WhyNoInjects, WhyNoInjectYet   string
	WhyFastest, WhySlowest         string
	KeyPause, KeyResume, KeySpeed  string
	KeyFaster, KeySlower, KeyJump  string
	KeyNotes, KeyInjects, KeyHide  string
	KeyBack, HelpDrill             string

	// Dialogs.
	DoneTitle      string // duty
	AttemptTitle   string // duty
	WaiveTitle     string // duty
	NoteTitle      string
	StampTitle     string
	AssignTitle    string
	CloseTitle     string
	ReviseTitle    string // question
	QuitTitle      string
	MessageTitle   string // duty
	ClosedTitle    string // incident
	PickMeans      string
	NoteOptional   string
	Outcome        string
	OutcomePresets []string
	OutcomeOther   string
	ReasonRequired string
	SummaryPrompt  string
	NotePrompt     string
	AssigneePrompt string
	PickRole       string
	Holder         string // assignee
	PickMilestone  string
	AllStamped     string
	Superseded     string
	ReviseVerdict  string // verdict title
	ReviseStamps   string
	ReviseDuties   string
	QuitSaved      string
	QuitDraft      string
	ClosedExport   string
	MessageCopied  string
	Required       string
	SavingDialog   string

	// Errors, in words, before the engine's own.
	ErrPoisoned, ErrClosed, ErrDetached, ErrLocked, ErrCorrupt string
	ErrNotCurrent, ErrDutyNotRunning, ErrAlreadyStamped        string
	ErrRequired                                                string

	// Keys: what each does, and why one does not apply now.
	KeyMove, KeyPage, KeyEnds, KeyPane, KeyAnswer, KeyRevise  string
	KeyDone, KeyAttempt, KeyWaive, KeyCopy, KeyStamp, KeyNote string
	KeyAssign, KeyClose, KeyHelp, KeyQuit, KeyOpen, KeySubmit string
	KeyCancel, KeyConfirm, KeyField, KeyChoose                string
	KeyQuitSaved                                              string
	WhyNoVerdict, WhyVerdict, WhyNoAnswers, WhyNoDuty         string
	WhyNotRunning, WhyNoMessage, WhyAllStamped, WhyClosed     string
	WhyPoisoned, WhySaving, WhyNoRoles, WhyNothing            string
	Disabled                                                  string // key, desc, reason
	HelpGroups                                                [5]string
}

// catalog returns the catalogue for lang; anything but Japanese is English.
func catalog(lang string) *text {
	if lang == LangJapanese {
		return japanese()
	}
	return english()
}

func english() *text {
	return &text{
		Lang: LangEnglish,
		Day:  "d", Hour: "h", Minute: "m", Second: "s",

		TooSmall:      "Terminal too small: %dx%d. shodo needs at least %dx%d. Enlarge the window; q quits.",
		Loading:       "Loading...",
		Saving:        "Saving: %s...",
		Recorded:      "Recorded: %s",
		NotRecorded:   "NOT recorded: %s: %s",
		InternalError: "shodo hit an internal error (%v). Everything shown as recorded is saved on disk; resume the incident with shodo resume.",
		AnyKeyQuits:   "Press any key to quit.",
		Copied:        "Copied to the clipboard (if your terminal allows it); the text is also shown here.",
		CopyFallback:  "Select the text with the mouse if the clipboard did not work.",

		HomeTitle:       "shodo: the first moves",
		HomeActor:       "you are %s",
		HomeRunbooks:    "Start an incident: choose a runbook",
		HomeOpen:        "Resume an open incident",
		HomeClosed:      "Closed incidents: export",
		HomeDrills:      "Start a drill (tabletop exercise): choose a scenario",
		HomeNoRunbooks:  "No runbook found.",
		HomeNoOpen:      "No open incident.",
		HomeNoClosed:    "No closed incident.",
		HomeNoDrills:    "No drill scenario found.",
		HomeDrillDetail: "Runbook %s, speed %sx, %d injects. It opens paused: space starts the clock.",
		HomeStarting:    "Starting the drill %s...",
		HomeDrillRun:    "drill",
		HomeExample:     "shipped example",
		HomeProblems:    "%d runbook problems: run shodo validate to see them.",
		HomeOpening:     "Opening an incident on %s...",
		HomeResuming:    "Resuming %s...",
		HomeExport:      "Export it with: %s",
		HomeUnreadable:  "unreadable: %s",
		HomeEvents:      "%d events",
		HomeLoadFailed:  "Could not list incidents: %s",

		Live: "LIVE", DrillTag: "DRILL", ClosedTag: "CLOSED", NotSaving: "NOT SAVING",
		Elapsed:        "elapsed %s",
		Verdict:        "verdict: %s",
		NoVerdict:      "verdict: none yet",
		SecurityYes:    "SECURITY INCIDENT",
		SecurityNo:     "not security",
		RankIs:         "rank %s",
		OverdueCount:   "%d OVERDUE",
		PoisonedBanner: "THE JOURNAL CANNOT SAVE: writing to disk failed, so nothing more is recorded. What is on screen was saved up to the failure. Quit (q), then run: shodo resume %s. Redo any action not shown in the timeline after resuming.",

		PaneTriage: "Triage", PaneDuties: "Duties", PaneTimeline: "Timeline",

		Hint:         "Hint: ",
		PathTitle:    "Answered so far",
		NoAnswers:    "No answer yet.",
		VerdictTitle: "Verdict",
		ReviseChoose: "Choose the answer to revise, then enter. esc cancels.",
		ClosedNote:   "The incident is closed.",
		SavingMark:   "saving...",

		DueIn:        "due in %s",
		DueSoon:      "! due in %s",
		OverdueBy:    "OVERDUE +%s",
		DueAt:        "due %s",
		Scope:        "Scope: ",
		AttemptsHead: "Attempts:",
		Action:       "(an action: nobody to contact)",
		OnTime:       "done on time%s",
		LateBy:       "done LATE by %s%s",
		WaivedBy:     "waived: %s",
		CancelledBy:  "cancelled: %s",
		Finished:     "Finished",
		NotStarted:   "%d more duties start when their trigger happens.",
		NoDuties:     "No duty is running.",
		MessageHint:  "c copies the message to send.",
		By:           " by %s",

		NewerBelow: "v %d newer events below (End goes there)",

		DrillSpeed: "speed %sx", DrillPaused: "PAUSED",
		DrillPausedHint:   "Paused at %s: space starts the clock.",
		DrillPausedAt:     "Paused at %s. space starts the clock again.",
		DrillRunning:      "The clock runs at %sx.",
		DrillSpeedSet:     "Speed %sx.",
		DrillJumped:       "Jumped to %s.",
		InjectTag:         "INJECT",
		InjectFrom:        "from %s",
		InjectMore:        "(and %d more: i shows all)",
		InjectReadAll:     "(i reads it all)",
		InjectsTitle:      "Injects delivered (%d)",
		InjectsNone:       "No inject delivered yet.",
		MoreBelow:         "v %d more lines below",
		NotesTitle:        "FACILITATOR ONLY: not for the players",
		NotesScenario:     "Scenario: %s (%s)",
		NotesRunbook:      "Runbook: %s",
		NotesObjectives:   "Objectives",
		NotesNoObjectives: "The scenario sets no objectives.",
		NotesExpect:       "Expected verdict: %s",
		NotesWithin:       ", within %s",
		NotesNoExpect:     "The scenario expects no verdict in particular.",
		InjectArrived:     "Inject delivered: %s (esc shows it)",
		ListSep:           ", ",
		NotesMet:          "Duties to be met on time: %d",
		NotesNotStarted:   "Must not start: %s",
		NotesWatch:        "Watch for now (after the inject at %s)",
		NotesComing:       "Injects to come",
		NotesAllDelivered: "Every inject has been delivered.",
		NotesNoNote:       "(no facilitator note)",
		DrillClosedTitle:  "Drill %s is closed",
		DrillExport:       "Write the after-action report with:",
		ScoreTitle:        "Score (the after-action report explains it):",
		ScoreVerdict:      "Verdict: %s",
		ScoreTarget:       "target %s",
		ScoreDuties:       "Expected duties: %d on time, %d late, %d not met (of %d)",
		ScoreRatings:      "Ratings (P best, U worst): %s",
		WhyNoInjects:      "no more injects",
		WhyNoInjectYet:    "no inject yet",
		WhyFastest:        "fastest speed",
		WhySlowest:        "slowest speed",
		KeyPause:          "pause", KeyResume: "start clock", KeySpeed: "speed",
		KeyFaster: "faster", KeySlower: "slower", KeyJump: "next inject",
		KeyNotes: "facilitator notes", KeyInjects: "injects", KeyHide: "hide",
		KeyBack: "back", HelpDrill: "Drill (facilitator)",

		DoneTitle:      "Mark done: %s",
		AttemptTitle:   "Log an attempt: %s",
		WaiveTitle:     "Waive: %s",
		NoteTitle:      "Add a note to the timeline",
		StampTitle:     "Stamp a milestone (its clocks start now)",
		AssignTitle:    "Reassign a role",
		CloseTitle:     "Close the incident",
		ReviseTitle:    "Revise the answer to \"%s\"?",
		QuitTitle:      "Quit shodo?",
		MessageTitle:   "Message for: %s",
		ClosedTitle:    "Incident %s is closed",
		PickMeans:      "Means used:",
		NoteOptional:   "Note (optional):",
		Outcome:        "Outcome:",
		OutcomePresets: []string{"No answer", "Left voicemail", "Line busy", "Sent, no reply yet"},
		OutcomeOther:   "Or type the outcome:",
		ReasonRequired: "Reason (required):",
		SummaryPrompt:  "Summary (required): what happened, the cause, what was done.",
		NotePrompt:     "Note (several lines allowed):",
		AssigneePrompt: "New holder (name):",
		PickRole:       "Role:",
		Holder:         "held by %s",
		PickMilestone:  "Milestone:",
		AllStamped:     "Every milestone is stamped.",
		Superseded:     "These answers will be superseded (kept in the timeline, marked revised):",
		ReviseVerdict:  "The verdict \"%s\" will be withdrawn.",
		ReviseStamps:   "Milestones stamped by these answers will be withdrawn.",
		ReviseDuties:   "Running duties that only these answers started will be cancelled.",
		QuitSaved:      "Nothing to save: every action shown as recorded is already on disk. Resume later with:",
		QuitDraft:      "The text you are typing has not been recorded and will be lost.",
		ClosedExport:   "Export the timeline with:",
		MessageCopied:  "Copied to the clipboard (OSC 52). If your terminal does not support it, select the text below.",
		Required:       "This field is required.",
		SavingDialog:   "Saving...",

		ErrPoisoned:       "the journal failed to write to disk; nothing more can be saved until the incident is resumed",
		ErrClosed:         "the incident is closed",
		ErrDetached:       "this screen no longer holds the incident",
		ErrLocked:         "the incident is open in another shodo",
		ErrCorrupt:        "the journal is damaged: run shodo verify",
		ErrNotCurrent:     "that question is no longer the current one",
		ErrDutyNotRunning: "that duty is no longer running",
		ErrAlreadyStamped: "that milestone is already stamped",
		ErrRequired:       "a required text is empty",

		KeyMove: "move", KeyPage: "page", KeyEnds: "first/last", KeyPane: "next pane",
		KeyAnswer: "answer", KeyRevise: "revise", KeyDone: "done", KeyAttempt: "attempt",
		KeyWaive: "waive", KeyCopy: "copy message", KeyStamp: "milestone", KeyNote: "note",
		KeyAssign: "reassign", KeyClose: "close", KeyHelp: "all keys", KeyQuit: "quit",
		KeyOpen: "open", KeySubmit: "record", KeyCancel: "cancel", KeyConfirm: "yes",
		KeyField: "next field", KeyChoose: "choose",
		KeyQuitSaved: "quit (all saved)",

		WhyNoVerdict:  "no verdict yet",
		WhyVerdict:    "verdict reached: r revises",
		WhyNoAnswers:  "no answer yet",
		WhyNoDuty:     "no duty selected",
		WhyNotRunning: "duty not running",
		WhyNoMessage:  "no message for this duty",
		WhyAllStamped: "all stamped",
		WhyClosed:     "incident closed",
		WhyPoisoned:   "journal not saving",
		WhySaving:     "saving the last action",
		WhyNoRoles:    "no role in the runbook",
		WhyNothing:    "nothing here",
		Disabled:      "%s %s: %s",
		HelpGroups:    [5]string{"Move", "Triage", "Duties", "Incident", "App"},
	}
}

func japanese() *text {
	return &text{
		Lang: LangJapanese,
		Day:  "日", Hour: "時間", Minute: "分", Second: "秒",

		TooSmall:      "端末が小さすぎます: %dx%d。%dx%d 以上が必要です。ウィンドウを広げてください (q で終了)。",
		Loading:       "読み込み中...",
		Saving:        "保存中: %s...",
		Recorded:      "記録しました: %s",
		NotRecorded:   "記録されていません: %s: %s",
		InternalError: "shodo の内部エラー (%v)。記録済みと表示されたものはすべてディスクに保存されています。shodo resume で再開してください。",
		AnyKeyQuits:   "何かキーを押すと終了します。",
		Copied:        "クリップボードにコピーしました (端末が対応していれば)。同じ文面をここにも表示しています。",
		CopyFallback:  "クリップボードが使えない場合はマウスで選択してください。",

		HomeTitle:       "shodo: 初動",
		HomeActor:       "操作者: %s",
		HomeRunbooks:    "インシデントを開始: ランブックを選択",
		HomeOpen:        "対応中のインシデントを再開",
		HomeClosed:      "クローズ済みのインシデント: エクスポート",
		HomeDrills:      "訓練 (机上訓練) を開始: シナリオを選択",
		HomeNoRunbooks:  "ランブックが見つかりません。",
		HomeNoOpen:      "対応中のインシデントはありません。",
		HomeNoClosed:    "クローズ済みのインシデントはありません。",
		HomeNoDrills:    "訓練シナリオが見つかりません。",
		HomeDrillDetail: "ランブック %s、速度 %s倍、インジェクト %d 件。一時停止の状態で始まります (space で時計が動きます)。",
		HomeStarting:    "訓練「%s」を開始しています...",
		HomeDrillRun:    "訓練",
		HomeExample:     "同梱の例",
		HomeProblems:    "ランブックに %d 件の問題があります: shodo validate で確認してください。",
		HomeOpening:     "%s でインシデントを開始しています...",
		HomeResuming:    "%s を再開しています...",
		HomeExport:      "エクスポート: %s",
		HomeUnreadable:  "読めません: %s",
		HomeEvents:      "イベント %d 件",
		HomeLoadFailed:  "インシデント一覧を読めません: %s",

		Live: "LIVE 本番", DrillTag: "訓練", ClosedTag: "クローズ済み", NotSaving: "保存不可",
		Elapsed:        "経過 %s",
		Verdict:        "判定: %s",
		NoVerdict:      "判定: まだありません",
		SecurityYes:    "セキュリティインシデント",
		SecurityNo:     "セキュリティ以外",
		RankIs:         "ランク %s",
		OverdueCount:   "期限超過 %d 件",
		PoisonedBanner: "ジャーナルに保存できません: ディスクへの書き込みに失敗したため、これ以降は記録されません。画面の内容は失敗の時点まで保存済みです。q で終了し、shodo resume %s を実行してください。再開後、タイムラインにない操作はやり直してください。",

		PaneTriage: "トリアージ", PaneDuties: "対応義務", PaneTimeline: "タイムライン",

		Hint:         "ヒント: ",
		PathTitle:    "これまでの回答",
		NoAnswers:    "まだ回答がありません。",
		VerdictTitle: "判定",
		ReviseChoose: "修正する回答を選んで Enter。Esc で取り消し。",
		ClosedNote:   "インシデントはクローズ済みです。",
		SavingMark:   "保存中...",

		DueIn:        "残り %s",
		DueSoon:      "! 残り %s",
		OverdueBy:    "期限超過 +%s",
		DueAt:        "期限 %s",
		Scope:        "範囲: ",
		AttemptsHead: "試行:",
		Action:       "(作業: 連絡先なし)",
		OnTime:       "期限内に完了%s",
		LateBy:       "%s 遅れて完了%s",
		WaivedBy:     "免除: %s",
		CancelledBy:  "取り消し: %s",
		Finished:     "完了・免除・取り消し",
		NotStarted:   "ほかに %d 件の義務が、きっかけが起きたときに始まります。",
		NoDuties:     "進行中の義務はありません。",
		MessageHint:  "c で送る文面をコピーします。",
		By:           " (%s)",

		NewerBelow: "v 下に新しいイベントが %d 件あります (End で移動)",

		DrillSpeed: "速度 %s倍", DrillPaused: "一時停止中",
		DrillPausedHint:   "%s で一時停止中: space で時計が動きます。",
		DrillPausedAt:     "%s で一時停止しました。space で再開します。",
		DrillRunning:      "時計が動いています (速度 %s倍)。",
		DrillSpeedSet:     "速度を %s倍 にしました。",
		DrillJumped:       "%s まで進めました。",
		InjectTag:         "インジェクト",
		InjectFrom:        "発信元: %s",
		InjectMore:        "(ほか %d 件: i ですべて表示)",
		InjectReadAll:     "(i で全文を表示)",
		InjectsTitle:      "配信済みのインジェクト (%d 件)",
		InjectsNone:       "まだインジェクトはありません。",
		MoreBelow:         "v 下にあと %d 行あります",
		NotesTitle:        "進行役専用: 参加者には見せないでください",
		NotesScenario:     "シナリオ: %s (%s)",
		NotesRunbook:      "ランブック: %s",
		NotesObjectives:   "訓練の目標",
		NotesNoObjectives: "シナリオに目標の設定はありません。",
		NotesExpect:       "想定される判定: %s",
		NotesWithin:       "、%s以内",
		NotesNoExpect:     "シナリオは特定の判定を想定していません。",
		InjectArrived:     "インジェクトを配信しました: %s (esc で表示)",
		ListSep:           "、",
		NotesMet:          "期限内の完了が求められる義務: %d 件",
		NotesNotStarted:   "開始されてはならない義務: %s",
		NotesWatch:        "いま見るところ (%s のインジェクトの後)",
		NotesComing:       "この後のインジェクト",
		NotesAllDelivered: "インジェクトはすべて配信しました。",
		NotesNoNote:       "(進行役のメモなし)",
		DrillClosedTitle:  "訓練 %s をクローズしました",
		DrillExport:       "事後検証報告書 (AAR) の作成:",
		ScoreTitle:        "評価 (詳しくは事後検証報告書に):",
		ScoreVerdict:      "判定: %s",
		ScoreTarget:       "目標 %s",
		ScoreDuties:       "想定された義務: 期限内 %d 件、遅延 %d 件、未達 %d 件 (全 %d 件)",
		ScoreRatings:      "評価 (P が最良、U が最低): %s",
		WhyNoInjects:      "インジェクトはもうない",
		WhyNoInjectYet:    "インジェクトはまだない",
		WhyFastest:        "最高速度",
		WhySlowest:        "最低速度",
		KeyPause:          "一時停止", KeyResume: "時計を動かす", KeySpeed: "速度",
		KeyFaster: "速く", KeySlower: "遅く", KeyJump: "次のインジェクト",
		KeyNotes: "進行役メモ", KeyInjects: "配信済み", KeyHide: "隠す",
		KeyBack: "戻る", HelpDrill: "訓練 (進行役)",

		DoneTitle:      "完了にする: %s",
		AttemptTitle:   "試行を記録: %s",
		WaiveTitle:     "免除する: %s",
		NoteTitle:      "タイムラインにメモを追加",
		StampTitle:     "マイルストーンを記録 (期限のカウントが今から始まります)",
		AssignTitle:    "役割の担当を変更",
		CloseTitle:     "インシデントをクローズ",
		ReviseTitle:    "「%s」の回答を修正しますか?",
		QuitTitle:      "shodo を終了しますか?",
		MessageTitle:   "送る文面: %s",
		ClosedTitle:    "インシデント %s をクローズしました",
		PickMeans:      "使った連絡手段:",
		NoteOptional:   "メモ (任意):",
		Outcome:        "結果:",
		OutcomePresets: []string{"応答なし", "留守電に伝言", "話し中", "送信済み、返信待ち"},
		OutcomeOther:   "または結果を入力:",
		ReasonRequired: "理由 (必須):",
		SummaryPrompt:  "まとめ (必須): 何が起き、原因は何で、何をしたか。",
		NotePrompt:     "メモ (複数行可):",
		AssigneePrompt: "新しい担当者 (名前):",
		PickRole:       "役割:",
		Holder:         "担当: %s",
		PickMilestone:  "マイルストーン:",
		AllStamped:     "すべてのマイルストーンが記録済みです。",
		Superseded:     "次の回答が無効になります (タイムラインには修正済みとして残ります):",
		ReviseVerdict:  "判定「%s」は取り下げられます。",
		ReviseStamps:   "これらの回答で記録されたマイルストーンは取り下げられます。",
		ReviseDuties:   "これらの回答だけで始まった進行中の義務は取り消されます。",
		QuitSaved:      "保存するものはありません: 記録済みと表示された操作はすべてディスクにあります。再開するには:",
		QuitDraft:      "入力中の文章はまだ記録されておらず、失われます。",
		ClosedExport:   "タイムラインのエクスポート:",
		MessageCopied:  "クリップボードにコピーしました (OSC 52)。端末が対応していない場合は下の文面を選択してください。",
		Required:       "入力が必要です。",
		SavingDialog:   "保存中...",

		ErrPoisoned:       "ジャーナルのディスク書き込みに失敗しました。再開するまで何も保存できません",
		ErrClosed:         "インシデントはクローズ済みです",
		ErrDetached:       "この画面はもうインシデントを保持していません",
		ErrLocked:         "このインシデントは別の shodo で開かれています",
		ErrCorrupt:        "ジャーナルが壊れています: shodo verify を実行してください",
		ErrNotCurrent:     "その質問はもう現在の質問ではありません",
		ErrDutyNotRunning: "その義務はもう進行中ではありません",
		ErrAlreadyStamped: "そのマイルストーンは記録済みです",
		ErrRequired:       "必須の入力が空です",

		KeyMove: "移動", KeyPage: "ページ", KeyEnds: "先頭/末尾", KeyPane: "次の枠",
		KeyAnswer: "回答", KeyRevise: "修正", KeyDone: "完了", KeyAttempt: "試行",
		KeyWaive: "免除", KeyCopy: "文面コピー", KeyStamp: "マイルストーン", KeyNote: "メモ",
		KeyAssign: "担当変更", KeyClose: "クローズ", KeyHelp: "全キー", KeyQuit: "終了",
		KeyOpen: "開く", KeySubmit: "記録", KeyCancel: "取消", KeyConfirm: "はい",
		KeyField: "次の欄", KeyChoose: "選択",
		KeyQuitSaved: "終了 (保存済み)",

		WhyNoVerdict:  "判定がまだ",
		WhyVerdict:    "判定済み: r で修正",
		WhyNoAnswers:  "回答がまだ",
		WhyNoDuty:     "義務が未選択",
		WhyNotRunning: "進行中でない",
		WhyNoMessage:  "文面なし",
		WhyAllStamped: "すべて記録済み",
		WhyClosed:     "クローズ済み",
		WhyPoisoned:   "保存不可",
		WhySaving:     "保存中",
		WhyNoRoles:    "役割なし",
		WhyNothing:    "対象なし",
		Disabled:      "%s %s: %s",
		HelpGroups:    [5]string{"移動", "トリアージ", "義務", "インシデント", "アプリ"},
	}
}

// span writes a duration the way a countdown needs it: the two largest
// units, zero-padded after the first ("3d04h", "1h05m", "4m05s", "9s").
func (tx *text) span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Truncate(time.Second)
	days := int(d / (24 * time.Hour))
	h := int(d/time.Hour) % 24
	m := int(d/time.Minute) % 60
	s := int(d/time.Second) % 60
	switch {
	case days > 0:
		return fmt.Sprintf("%d%s%02d%s", days, tx.Day, h, tx.Hour)
	case h > 0:
		return fmt.Sprintf("%d%s%02d%s", h, tx.Hour, m, tx.Minute)
	case m > 0:
		return fmt.Sprintf("%d%s%02d%s", m, tx.Minute, s, tx.Second)
	}
	return fmt.Sprintf("%d%s", s, tx.Second)
}

// clockSpan writes elapsed time as a clock: "01:02:05", "2d 01:02:05".
func (tx *text) clockSpan(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	d = d.Truncate(time.Second)
	days := int(d / (24 * time.Hour))
	rest := fmt.Sprintf("%02d:%02d:%02d", int(d/time.Hour)%24, int(d/time.Minute)%60, int(d/time.Second)%60)
	if days > 0 {
		return fmt.Sprintf("%d%s %s", days, tx.Day, rest)
	}
	return rest
}
