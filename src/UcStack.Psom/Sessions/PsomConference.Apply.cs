using System.Collections.Immutable;

namespace UcStack.Psom;

internal sealed partial class PsomConference
{
    private (PsomTreeResult Result, long RequestId) Apply(PsomServerSession session, PsomMessage request)
    {
        var policy = _options.AccessPolicy;
        switch (request)
        {
            case PsomCreateMessage create:
                if (!_tree.TryGet(create.ParentId, out var parent))
                {
                    return (PsomTreeResult.Fail(PsomErrorCode.NotFound, "parent"), create.RequestId);
                }

                if (!policy.CanCreate(session.Role, session.User, parent, create.TypeName))
                {
                    return (PsomTreeResult.Fail(PsomErrorCode.Forbidden, "create " + create.TypeName), create.RequestId);
                }

                return (_tree.Create(create.ParentId, create.TypeName, create.Properties, create.Persistent, session.User), create.RequestId);

            case PsomUpdateMessage update:
                if (!_tree.TryGet(update.ObjectId, out var target))
                {
                    return (PsomTreeResult.Fail(PsomErrorCode.NotFound, "object"), update.RequestId);
                }

                if (!policy.CanUpdate(session.Role, session.User, target, _tree.GetParent(target)))
                {
                    return (PsomTreeResult.Fail(PsomErrorCode.Forbidden, "update"), update.RequestId);
                }

                return (_tree.Update(update.ObjectId, update.BaseVersion, update.Changes), update.RequestId);

            case PsomDeleteMessage delete:
                if (!_tree.TryGet(delete.ObjectId, out var doomed))
                {
                    return (PsomTreeResult.Fail(PsomErrorCode.NotFound, "object"), delete.RequestId);
                }

                if (!policy.CanDelete(session.Role, session.User, doomed, _tree.GetParent(doomed)))
                {
                    return (PsomTreeResult.Fail(PsomErrorCode.Forbidden, "delete"), delete.RequestId);
                }

                return (_tree.Delete(delete.ObjectId, delete.BaseVersion), delete.RequestId);

            default:
                return (PsomTreeResult.Fail(PsomErrorCode.InvalidState, request.Type.ToString()), 0);
        }
    }

    private static bool TouchesPersistentState(PsomCommit commit) => commit.Change.Kind switch
    {
        PsomChangeKind.Deleted => true,
        _ => commit.Change.Object!.Persistent,
    };

    /// <summary>Logs the commit and queues its Event to every session whose subscriptions see it (encoded once).</summary>
    private void Publish(PsomCommit commit)
    {
        _log.Add(commit);
        _metrics.Changes.Add(1);
        ReadOnlyMemory<byte> payload = default;
        foreach (var session in _sessions.Values)
        {
            if (!session.Sees(commit))
            {
                continue;
            }

            if (payload.IsEmpty)
            {
                payload = PsomPayloadWriterHelpers.Encode(new PsomEventMessage { Change = commit.Change });
            }

            session.Connection.TrySendPayload(PsomMessageType.Event, payload);
        }
    }

    private static int Size(PsomObject value)
    {
        var size = 48 + value.TypeName.Length + value.Owner.Length;
        foreach (var pair in value.Properties)
        {
            size += pair.Key.Length * 3 + pair.Value.ApproximateSize + 4;
        }

        return size;
    }

    private IEnumerable<(ImmutableArray<T> Items, bool IsLast)> Chunk<T>(List<T> items, Func<T, int> size)
    {
        // Keep each message well under the frame limit; sizes are upper estimates of the encoding.
        var budget = (_options.MaxFrameLength - PsomWireLimits.HeaderLength) / 2;
        var builder = ImmutableArray.CreateBuilder<T>();
        var used = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var itemSize = size(items[i]);
            if (builder.Count > 0 && used + itemSize > budget)
            {
                yield return (builder.ToImmutable(), false);
                builder.Clear();
                used = 0;
            }

            builder.Add(items[i]);
            used += itemSize;
        }

        yield return (builder.ToImmutable(), true);
    }
}
