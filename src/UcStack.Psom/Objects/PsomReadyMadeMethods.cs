using System.Globalization;

namespace UcStack.Psom;

/// <summary>Server methods of the ready-made object types.</summary>
internal static class PsomReadyMadeMethods
{
    public static void Register(PsomServer server)
    {
        // poll.tally: one vote per user (the latest), counted per choice: returns "count.N" and "total".
        server.RegisterMethod(PsomObjectTypes.Poll, "tally", static (invocation, _) =>
        {
            var latest = new Dictionary<string, (long Id, long Choice)>(StringComparer.Ordinal);
            foreach (var child in invocation.Children)
            {
                if (child.TypeName != PsomObjectTypes.PollVote || child["choice"].Kind != PsomValueKind.Integer)
                {
                    continue;
                }

                if (!latest.TryGetValue(child.Owner, out var seen) || seen.Id < child.Id)
                {
                    latest[child.Owner] = (child.Id, child["choice"].AsInteger());
                }
            }

            var result = PsomProperties.Empty.ToBuilder();
            foreach (var group in latest.Values.GroupBy(v => v.Choice))
            {
                result["count." + group.Key.ToString(CultureInfo.InvariantCulture)] = PsomValue.FromInteger(group.Count());
            }

            result["total"] = PsomValue.FromInteger(latest.Count);
            return ValueTask.FromResult(result.ToImmutable());
        });
    }
}
