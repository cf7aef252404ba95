using FsCheck;
using FsCheck.Fluent;

namespace UcStack.C3P.Tests;

/// <summary>
/// The merge engine against a reference: each generated operation is both a partial notification (sent through the
/// XML codec) and a direct edit of the expected document; applying the notifications must give the edited document.
/// </summary>
public sealed class MergePropertyTests
{
    private const string Focus = "sip:ann@example.org;gruu;opaque=app:conf:focus:id:K7QW2Z9M";
    private static readonly string[] UserPool = ["sip:u0@example.org", "sip:u1@example.org", "sip:u2@example.org", "sip:u3@example.org"];
    private static readonly string[] EndpointPool = ["{E0}", "{E1}", "{E2}"];
    private static readonly string[] MediaPool = ["1", "2"];

    private static Config Runs(int ci) => Config.QuickThrowOnFailure.WithMaxTest(Generators.MaxTest(ci));

    /// <summary>One change: the partial notification that carries it and the same change made directly.</summary>
    private sealed record Op(string Name, ConferenceInfoDocument Update, Func<ConferenceInfoDocument, ConferenceInfoDocument> Direct)
    {
        public override string ToString() => Name;
    }

    private static Gen<ConferenceMedia> Media(string id) =>
        from type in Gen.Elements("audio", "video")
        from status in Gen.Elements("sendrecv", "recvonly", "inactive")
        select new ConferenceMedia { Id = id, Type = type, Status = status };

    private static Gen<T[]> SubsetOf<T>(T[] pool, Func<T, Gen<T>>? unused = null) =>
        from picks in Generators.Bool.ArrayOf(pool.Length)
        select pool.Where((_, i) => picks[i]).ToArray();

    private static Gen<ConferenceEndpoint> Endpoint(string entity) =>
        from status in Gen.Elements("connected", "on-hold")
        from ids in SubsetOf(MediaPool)
        from media in Gen.CollectToArray(ids.Select(Media))
        select new ConferenceEndpoint { Entity = entity, Status = status, Media = ValueList.From(media) };

    private static Gen<ConferenceUser> User(string entity) =>
        from display in Generators.OrNull(Gen.Elements("Ann", "Bob", "Carol"))
        from roles in Gen.Elements<ValueList<string>?>(null, ["attendee"], ["presenter"])
        from ids in SubsetOf(EndpointPool)
        from endpoints in Gen.CollectToArray(ids.Select(Endpoint))
        select new ConferenceUser { Entity = entity, DisplayText = display, Roles = roles, Endpoints = ValueList.From(endpoints) };

    private static Gen<ConferenceInfoDocument> Base =>
        from version in Gen.Choose(0, 1000)
        from subject in Gen.Elements("Design review", "Sync")
        from locked in Generators.Bool
        from entities in SubsetOf(UserPool)
        from users in Gen.CollectToArray(entities.Select(User))
        select new ConferenceInfoDocument
        {
            Entity = Focus,
            State = ConferenceElementState.Full,
            Version = (uint)version,
            Description = new ConferenceDescription { Subject = subject },
            ConferenceState = new ConferenceStateInfo { Locked = locked },
            Users = new ConferenceUsers { Users = ValueList.From(users) },
        };

    private static ConferenceInfoDocument Partial(ConferenceUser user) =>
        new() { Users = new ConferenceUsers { Users = [user] } };

    private static ConferenceInfoDocument EditUsers(ConferenceInfoDocument doc, Func<List<ConferenceUser>, List<ConferenceUser>> edit) =>
        doc with { Users = (doc.Users ?? new ConferenceUsers()) with { Users = ValueList.From(edit([.. doc.Users?.Users ?? []])) } };

    /// <summary>Replaces the user with <paramref name="entity"/> in place, or appends <paramref name="created"/> when absent.</summary>
    private static List<ConferenceUser> Upsert(List<ConferenceUser> users, string entity, Func<ConferenceUser, ConferenceUser> change, ConferenceUser created)
    {
        var index = users.FindIndex(u => u.Entity == entity);
        if (index < 0)
        {
            users.Add(created);
        }
        else
        {
            users[index] = change(users[index]);
        }

        return users;
    }

    private static ConferenceUser EditEndpoints(ConferenceUser user, Func<List<ConferenceEndpoint>, List<ConferenceEndpoint>> edit) =>
        user with { Endpoints = ValueList.From(edit([.. user.Endpoints])) };

    private static Gen<Op> Ops => Gen.OneOf(
        from subject in Gen.Elements("Renamed", "Other")
        select new Op($"subject {subject}", new ConferenceInfoDocument { Description = new ConferenceDescription { Subject = subject } },
            d => d with { Description = (d.Description ?? new ConferenceDescription()) with { Subject = subject } }),
        from locked in Generators.Bool
        select new Op($"locked {locked}", new ConferenceInfoDocument { ConferenceState = new ConferenceStateInfo { State = ConferenceElementState.Partial, Locked = locked } },
            d => d with { ConferenceState = (d.ConferenceState ?? new ConferenceStateInfo()) with { Locked = locked } }),
        from entity in Gen.Elements(UserPool)
        from user in User(entity)
        select new Op($"upsert {entity}", Partial(user with { State = ConferenceElementState.Full }),
            d => EditUsers(d, users => Upsert(users, entity, _ => user, user))),
        from entity in Gen.Elements(UserPool)
        select new Op($"delete {entity}", Partial(new ConferenceUser { Entity = entity, State = ConferenceElementState.Deleted }),
            d => EditUsers(d, users => [.. users.Where(u => u.Entity != entity)])),
        from entity in Gen.Elements(UserPool)
        from role in Gen.Elements("attendee", "presenter")
        select new Op($"roles {entity} {role}", Partial(new ConferenceUser { Entity = entity, State = ConferenceElementState.Partial, Roles = [role] }),
            d => EditUsers(d, users => Upsert(users, entity, u => u with { Roles = [role] }, new ConferenceUser { Entity = entity, Roles = [role] }))),
        from entity in Gen.Elements(UserPool)
        from endpoint in Gen.Elements(EndpointPool)
        from mediaId in Gen.Elements(MediaPool)
        from status in Gen.Elements("sendrecv", "recvonly")
        let media = new ConferenceMedia { Id = mediaId, Status = status }
        let newEndpoint = new ConferenceEndpoint { Entity = endpoint, Media = [media] }
        select new Op($"media {entity} {endpoint} {mediaId} {status}",
            Partial(new ConferenceUser { Entity = entity, Endpoints = [newEndpoint with { State = ConferenceElementState.Partial }] }),
            d => EditUsers(d, users => Upsert(users, entity,
                u => EditEndpoints(u, endpoints =>
                {
                    var index = endpoints.FindIndex(e => e.Entity == endpoint);
                    if (index < 0)
                    {
                        endpoints.Add(newEndpoint);
                        return endpoints;
                    }

                    var list = endpoints[index].Media.ToList();
                    var m = list.FindIndex(x => x.Id == mediaId);
                    if (m < 0)
                    {
                        list.Add(media);
                    }
                    else
                    {
                        list[m] = list[m] with { Status = status };
                    }

                    endpoints[index] = endpoints[index] with { Media = ValueList.From(list) };
                    return endpoints;
                }),
                new ConferenceUser { Entity = entity, Endpoints = [newEndpoint] }))),
        from entity in Gen.Elements(UserPool)
        from endpoint in Gen.Elements(EndpointPool)
        select new Op($"drop {entity} {endpoint}",
            Partial(new ConferenceUser { Entity = entity, State = ConferenceElementState.Partial, Endpoints = [new ConferenceEndpoint { Entity = endpoint, State = ConferenceElementState.Deleted }] }),
            d => EditUsers(d, users => Upsert(users, entity, u => EditEndpoints(u, endpoints => [.. endpoints.Where(e => e.Entity != endpoint)]), new ConferenceUser { Entity = entity }))));

    private static ConferenceInfoDocument Numbered(ConferenceInfoDocument update, uint version) =>
        update with { Entity = Focus, State = ConferenceElementState.Partial, Version = version };

    /// <summary>The notification as a subscriber receives it: through the XML writer and reader.</summary>
    private static ConferenceInfoDocument OverTheWire(ConferenceInfoDocument update) => ConferenceInfoXml.Parse(ConferenceInfoXml.Write(update));

    [Test]
    public void Apply_RandomPartialSequence_EqualsTheDocumentBuiltDirectly()
    {
        var gen = from @base in Base
                  from count in Gen.Choose(1, 12)
                  from ops in Ops.ArrayOf(count)
                  select (@base, ops);
        Check.One(Runs(500), Prop.ForAll(gen.ToArbitrary(), sample =>
        {
            var (start, ops) = sample;
            var tracker = new ConferenceStateTracker();
            if (tracker.Apply(OverTheWire(start)).Outcome != ConferenceMergeOutcome.Replaced)
            {
                return false;
            }

            var expected = ConferenceInfoMerger.Normalize(start);
            var version = start.Version!.Value;
            foreach (var op in ops)
            {
                version++;
                var result = tracker.Apply(OverTheWire(Numbered(op.Update, version)));
                if (result.Outcome != ConferenceMergeOutcome.Merged)
                {
                    return false;
                }

                expected = op.Direct(expected) with { Version = version };
            }

            return tracker.Current!.Equals(expected);
        }).Label("merge of partial updates equals the direct edit"));
    }

    [Test]
    public void Apply_VersionNotNextOne_AsksForRefreshWithoutChange()
    {
        var gen = from @base in Base
                  from op in Ops
                  from offset in Gen.OneOf(Gen.Choose(2, 1000), Gen.Choose(-1000, 0))
                  select (@base, op, offset);
        Check.One(Runs(500), Prop.ForAll(gen.ToArbitrary(), sample =>
        {
            var (start, op, offset) = sample;
            var current = ConferenceInfoMerger.Normalize(start);
            var version = (uint)Math.Max(0, (long)current.Version!.Value + offset);
            var result = ConferenceInfoMerger.Apply(current, Numbered(op.Update, version));
            var expectedReason = version > current.Version ? ConferenceRefreshReason.VersionGap : ConferenceRefreshReason.StaleVersion;
            var next = ConferenceInfoMerger.Apply(current, Numbered(op.Update, current.Version.Value + 1));
            return result.Outcome == ConferenceMergeOutcome.NeedsFullRefresh
                && result.RefreshReason == expectedReason
                && ReferenceEquals(result.State, current)
                && next.Outcome == ConferenceMergeOutcome.Merged;
        }));
    }

    [Test]
    public void Apply_DeletedUser_RemovesOnlyThatUser()
    {
        var gen = from @base in Base.Where(b => b.Users!.Users.Count > 0)
                  from index in Gen.Choose(0, 100)
                  select (@base, index);
        Check.One(Runs(300), Prop.ForAll(gen.ToArbitrary(), sample =>
        {
            var current = ConferenceInfoMerger.Normalize(sample.@base);
            var victim = current.Users!.Users[sample.index % current.Users.Users.Count];
            var update = Numbered(Partial(new ConferenceUser { Entity = victim.Entity, State = ConferenceElementState.Deleted }), current.Version!.Value + 1);
            var after = ConferenceInfoMerger.Apply(current, OverTheWire(update)).State!;
            return after.Users!.Users.SequenceEqual(current.Users.Users.Where(u => u.Entity != victim.Entity))
                && after.Description == current.Description
                && after.ConferenceState == current.ConferenceState;
        }));
    }

    [Test]
    public void Apply_DeletedConference_EmptiesTheState()
    {
        Check.One(Runs(200), Prop.ForAll(Base.ToArbitrary(), start =>
        {
            var current = ConferenceInfoMerger.Normalize(start);
            var deleted = new ConferenceInfoDocument { Entity = Focus, State = ConferenceElementState.Deleted, Version = current.Version + 1 };
            var result = ConferenceInfoMerger.Apply(current, OverTheWire(deleted));
            return result.Outcome == ConferenceMergeOutcome.Deleted && result.State is null;
        }));
    }

    [Test]
    public void Apply_FullDocument_ReplacesWhateverCameBefore()
    {
        var gen = from first in Base from second in Base select (first, second);
        Check.One(Runs(200), Prop.ForAll(gen.ToArbitrary(), sample =>
        {
            var result = ConferenceInfoMerger.Apply(ConferenceInfoMerger.Normalize(sample.first), OverTheWire(sample.second));
            return result.Outcome == ConferenceMergeOutcome.Replaced && result.State!.Equals(ConferenceInfoMerger.Normalize(sample.second));
        }));
    }
}
