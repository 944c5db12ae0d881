package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
)

func newLinkCmd(env environment) *cobra.Command {
	kind := newChoiceFlag(incident.LinkRelated, incident.LinkKinds...)
	var actor string
	cmd := &cobra.Command{
		Use:   "link INCIDENT OTHER",
		Short: "Link two incidents: related, spawned, or a duplicate",
		Long: `Link records a link from INCIDENT to OTHER on both journals, each from its own
side: related on both; spawned on INCIDENT and spawned-from on OTHER (INCIDENT
opened OTHER: a vulnerability that needed an investigation); duplicate-of on
INCIDENT and duplicated-by on OTHER. Both are incidents of the home (ids, or
prefixes only one id has). A link to an incident that does not exist, or to
itself, is refused.

When OTHER is open in another shodo (its journal is locked), only INCIDENT's
side is recorded, and link says so: run the same command again once OTHER is
free (INCIDENT's side then says it is already linked, and OTHER's is
recorded). The exports list every link.`,
		Example: `shodo link INC-20261125-7F3A INC-20261126-0B1C --kind related
shodo link INC-20261125-7F3A INC-20261126-0B1C --kind spawned`,
		Args:              usageArgs(cobra.ExactArgs(2)),
		ValidArgsFunction: env.completeIncidents,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			dir, err := env.findIncident(args[0])
			if err != nil {
				return err
			}
			home, err := env.home()
			if err != nil {
				return err
			}
			actor, err := env.responder(actor)
			if err != nil {
				return err
			}
			clock := env.incidentClock()
			// A closed incident left unsealed by a crash is sealed on
			// resume: with the responder's key, as a close would be.
			sealer := env.sealer("")
			s, err := incident.Resume(dir, incident.ResumeOptions{Home: home, Clock: clock, Sealer: sealer})
			if err != nil {
				return err
			}
			res, linkErr := incident.LinkBoth(s, actor, kind.value, args[1], clock)
			if linkErr != nil && errors.Is(linkErr, incident.ErrAlreadyLinked) {
				// Recorded here before: complete the other side, as the
				// pending link said to.
				other, findErr := incident.FindID(home, args[1])
				if findErr == nil {
					res, linkErr = completeOther(s, home, actor, kind.value, other, clock, sealer)
				}
			}
			st := s.State()
			if err := errors.Join(linkErr, s.Detach()); err != nil {
				return err
			}
			c := env.words()
			fmt.Fprintln(env.stdout, visible(c.T("cli.link.linked", "ID", st.ID, "Kind", c.T("export.link."+kind.value), "Other", res.Other)))
			switch {
			case res.OtherPending:
				fmt.Fprintln(env.stderr, visible(c.T("cli.link.pending", "Other", res.Other, "Error", describe(c, res.OtherHeldBy), "ID", st.ID)))
			case res.OtherHad:
				fmt.Fprintln(env.stdout, visible(c.T("cli.link.other-had", "Other", res.Other)))
			}
			return nil
		}),
	}
	cmd.Flags().Var(kind, "kind", "how INCIDENT relates to OTHER: related, spawned (INCIDENT opened OTHER) or duplicate-of")
	cmd.Flags().StringVar(&actor, "actor", "", "who links them, recorded on both (default $SHODO_ACTOR, else name in config.toml in the configuration directory, else your login name)")
	return cmd
}

// completeOther records the reverse of a link this side already has.
func completeOther(s *incident.Session, home, actor, kind, other string, clock incident.Clock, sealer incident.Sealer) (incident.LinkResult, error) {
	res := incident.LinkResult{Other: other}
	o, err := incident.Resume(filepath.Join(incident.IncidentsDir(home), other), incident.ResumeOptions{Home: home, Clock: clock, Sealer: sealer})
	if errors.Is(err, journal.ErrLocked) {
		res.OtherPending, res.OtherHeldBy = true, err
		return res, nil
	}
	if err != nil {
		return res, err
	}
	linkErr := o.Link(actor, incident.ReverseLink(kind), s.State().ID)
	if errors.Is(linkErr, incident.ErrAlreadyLinked) {
		res.OtherHad, linkErr = true, nil
	}
	return res, errors.Join(linkErr, o.Detach())
}
