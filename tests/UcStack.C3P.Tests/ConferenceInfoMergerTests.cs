namespace UcStack.C3P.Tests;

public sealed class ConferenceInfoMergerTests
{
    private static ConferenceInfoDocument Load(string name) => ConferenceInfoXml.Parse(Fixtures.Bytes("conference-info", name));

    [Test]
    public void Apply_FixtureSequence_TracksTheRoster()
    {
        var tracker = new ConferenceStateTracker();
        Assert.That(tracker.Apply(Load("full.xml")).Outcome, Is.EqualTo(ConferenceMergeOutcome.Replaced));

        Assert.That(tracker.Apply(Load("partial-role-change.xml")).Outcome, Is.EqualTo(ConferenceMergeOutcome.Merged));
        var bob = tracker.Current!.Users!.Users.Single(u => u.Entity == "sip:bob@example.org");
        Assert.Multiple(() =>
        {
            Assert.That(bob.Roles, Is.EqualTo(new[] { "presenter" }));
            Assert.That(bob.DisplayText, Is.EqualTo("Bob Example"), "fields the update does not mention stay");
            Assert.That(bob.Endpoints, Has.Count.EqualTo(1));
            Assert.That(tracker.Current.Users.Users, Has.Count.EqualTo(2));
            Assert.That(tracker.Current.Version, Is.EqualTo(7));
            Assert.That(bob.State, Is.Null, "merged state carries no state attributes below the root");
        });

        Assert.That(tracker.Apply(Load("partial-new-endpoint.xml")).Outcome, Is.EqualTo(ConferenceMergeOutcome.Merged));
        bob = tracker.Current!.Users!.Users.Single(u => u.Entity == "sip:bob@example.org");
        Assert.Multiple(() =>
        {
            Assert.That(bob.Endpoints.Select(e => e.SessionType), Is.EqualTo(new[] { "focus", "audio-video" }));
            Assert.That(bob.Endpoints[1].Media.Single().Status, Is.EqualTo("recvonly"));
            Assert.That(bob.Roles, Is.EqualTo(new[] { "presenter" }));
            Assert.That(tracker.Current.ConferenceState!.Active, Is.True);
        });

        Assert.That(tracker.Apply(Load("partial-user-deleted.xml")).Outcome, Is.EqualTo(ConferenceMergeOutcome.Merged));
        Assert.Multiple(() =>
        {
            Assert.That(tracker.Current!.Users!.Users.Select(u => u.Entity), Is.EqualTo(new[] { "sip:ann@example.org" }));
            Assert.That(tracker.Current.ConferenceState!.Locked, Is.True);
            Assert.That(tracker.Current.ConferenceState.UserCount, Is.EqualTo(1));
            Assert.That(tracker.Current.Description!.Subject, Is.EqualTo("Design review"));
        });

        var deleted = tracker.Apply(Load("deleted.xml"));
        Assert.That(deleted.Outcome, Is.EqualTo(ConferenceMergeOutcome.Deleted));
        Assert.That(tracker.Current, Is.Null);
    }

    [Test]
    public void Apply_VersionGap_AsksForRefreshAndKeepsState()
    {
        var full = ConferenceInfoMerger.Apply(null, Load("full.xml")).State!;
        var result = ConferenceInfoMerger.Apply(full, Load("partial-new-endpoint.xml"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(ConferenceMergeOutcome.NeedsFullRefresh));
            Assert.That(result.RefreshReason, Is.EqualTo(ConferenceRefreshReason.VersionGap));
            Assert.That(result.State, Is.SameAs(full));
        });
    }

    [Test]
    public void Apply_OldOrRepeatedVersion_AsksForRefreshAndKeepsState()
    {
        var full = ConferenceInfoMerger.Apply(null, Load("full.xml")).State!;
        var seven = ConferenceInfoMerger.Apply(full, Load("partial-role-change.xml")).State!;
        var again = ConferenceInfoMerger.Apply(seven, Load("partial-role-change.xml"));
        var older = ConferenceInfoMerger.Apply(seven, Load("partial-role-change.xml") with { Version = 3 });
        Assert.Multiple(() =>
        {
            Assert.That(again.RefreshReason, Is.EqualTo(ConferenceRefreshReason.StaleVersion));
            Assert.That(older.RefreshReason, Is.EqualTo(ConferenceRefreshReason.StaleVersion));
            Assert.That(older.State, Is.SameAs(seven));
        });
    }

    [Test]
    public void Apply_PartialBeforeAnyFull_AsksForRefresh()
    {
        var result = ConferenceInfoMerger.Apply(null, Load("partial-role-change.xml"));
        Assert.That(result.Outcome, Is.EqualTo(ConferenceMergeOutcome.NeedsFullRefresh));
        Assert.That(result.RefreshReason, Is.EqualTo(ConferenceRefreshReason.NoBaseState));
        Assert.That(result.State, Is.Null);
    }

    [Test]
    public void Apply_PartialWithoutVersionOrForAnotherConference_AsksForRefresh()
    {
        var full = ConferenceInfoMerger.Apply(null, Load("full.xml")).State!;
        var partial = Load("partial-role-change.xml");
        Assert.Multiple(() =>
        {
            Assert.That(ConferenceInfoMerger.Apply(full, partial with { Version = null }).RefreshReason, Is.EqualTo(ConferenceRefreshReason.MissingVersion));
            Assert.That(ConferenceInfoMerger.Apply(full, partial with { Entity = "sip:other@example.org" }).RefreshReason, Is.EqualTo(ConferenceRefreshReason.EntityMismatch));
        });
    }

    [Test]
    public void Apply_Full_ReplacesWhateverVersion()
    {
        var full = ConferenceInfoMerger.Apply(null, Load("full.xml")).State!;
        var restart = new ConferenceInfoDocument { Entity = full.Entity, State = ConferenceElementState.Full, Version = 1 };
        var result = ConferenceInfoMerger.Apply(full, restart);
        Assert.That(result.Outcome, Is.EqualTo(ConferenceMergeOutcome.Replaced));
        Assert.That(result.State, Is.EqualTo(restart));
    }

    [Test]
    public void Apply_FullUsersInPartial_ReplacesTheRoster()
    {
        var full = ConferenceInfoMerger.Apply(null, Load("full.xml")).State!;
        var update = new ConferenceInfoDocument
        {
            Entity = full.Entity,
            State = ConferenceElementState.Partial,
            Version = 7,
            Users = new ConferenceUsers { State = ConferenceElementState.Full, Users = [new ConferenceUser { Entity = "sip:zed@example.org" }] },
        };
        var merged = ConferenceInfoMerger.Apply(full, update).State!;
        Assert.That(merged.Users!.Users.Select(u => u.Entity), Is.EqualTo(new[] { "sip:zed@example.org" }));
        Assert.That(merged.Users.State, Is.Null);
    }

    [Test]
    public void Apply_DoesNotChangeItsInputs()
    {
        var full = ConferenceInfoMerger.Apply(null, Load("full.xml")).State!;
        var copy = ConferenceInfoXml.Parse(ConferenceInfoXml.Write(full));
        ConferenceInfoMerger.Apply(full, Load("partial-role-change.xml"));
        Assert.That(full, Is.EqualTo(copy));
    }

    [Test]
    public void Normalize_DropsDeletedElementsAndStates()
    {
        var document = new ConferenceInfoDocument
        {
            Entity = "f",
            Users = new ConferenceUsers
            {
                State = ConferenceElementState.Full,
                Users =
                [
                    new ConferenceUser { Entity = "a", State = ConferenceElementState.Partial },
                    new ConferenceUser { Entity = "b", State = ConferenceElementState.Deleted },
                ],
            },
            HostInfo = new HostInfo { State = ConferenceElementState.Deleted },
        };
        var normalized = ConferenceInfoMerger.Normalize(document);
        Assert.Multiple(() =>
        {
            Assert.That(normalized.State, Is.EqualTo(ConferenceElementState.Full));
            Assert.That(normalized.HostInfo, Is.Null);
            Assert.That(normalized.Users!.Users, Is.EqualTo(new[] { new ConferenceUser { Entity = "a" } }));
        });
    }
}
