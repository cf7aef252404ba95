using System.Collections.Immutable;

namespace UcStack.Psom;

public sealed partial class PsomClient
{
    /// <summary>
    /// Subscribes to a subtree. The replica receives a snapshot, or, with <paramref name="resume"/> and a
    /// replica from the same server incarnation, only the changes since its tree version (a snapshot when
    /// the server's log no longer reaches back). Events follow until the session ends.
    /// </summary>
    /// <param name="objectId">The subtree root (<see cref="PsomObjectIds.Root"/> for everything).</param>
    /// <param name="depth">Levels below the root (-1 unlimited).</param>
    /// <param name="resume">Ask for a replay since the replica's tree version.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns><see langword="true"/> when the server replayed, <see langword="false"/> when it sent a snapshot.</returns>
    /// <exception cref="PsomOperationException">Refused (not found), timed out, or the session closed.</exception>
    public async Task<bool> SubscribeAsync(long objectId = PsomObjectIds.Root, int depth = PsomSubscribeMessage.UnlimitedDepth, bool resume = false, CancellationToken cancellationToken = default)
    {
        var canResume = resume && Replica.Incarnation != 0 && Replica.Incarnation == Incarnation;
        var answer = await RequestAsync(
            id => new PsomSubscribeMessage
            {
                RequestId = id,
                ObjectId = objectId,
                Depth = depth,
                SinceVersion = canResume ? Replica.TreeVersion : null,
                Incarnation = canResume ? Incarnation : 0,
            },
            objectId,
            cancellationToken).ConfigureAwait(false);
        Replica.Incarnation = Incarnation;
        return answer is PsomReplayMessage;
    }

    /// <summary>Creates an object; completes once the server has committed (and, if persistent, stored) it.</summary>
    /// <param name="parentId">The parent.</param>
    /// <param name="typeName">The type.</param>
    /// <param name="properties">Initial properties (null values not allowed).</param>
    /// <param name="persistent">Whether it outlives this session.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The Ack with the new id and versions.</returns>
    /// <exception cref="PsomOperationException">Refused (forbidden, not found, limits, store), timed out, or closed.</exception>
    public async Task<PsomAckMessage> CreateAsync(
        long parentId, string typeName, ImmutableSortedDictionary<string, PsomValue>? properties = null, bool persistent = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        var props = properties ?? PsomProperties.Empty;
        if (props.Values.Any(v => v.IsNull))
        {
            throw new ArgumentException("Create properties may not hold null values.", nameof(properties));
        }

        return (PsomAckMessage)await RequestAsync(
            id => new PsomCreateMessage { RequestId = id, ParentId = parentId, TypeName = typeName, Properties = props, Persistent = persistent },
            -1,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets (or, with a null value, removes) properties, based on <paramref name="baseVersion"/>.</summary>
    /// <param name="objectId">The object.</param>
    /// <param name="baseVersion">The version the change is based on; -1 to skip the check.</param>
    /// <param name="changes">The changes.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The Ack with the new version.</returns>
    /// <exception cref="PsomOperationException">Conflict (with <see cref="PsomOperationException.Current"/>), forbidden, not found, timed out, or closed.</exception>
    public async Task<PsomAckMessage> UpdateAsync(long objectId, long baseVersion, ImmutableSortedDictionary<string, PsomValue> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return (PsomAckMessage)await RequestAsync(
            id => new PsomUpdateMessage { RequestId = id, ObjectId = objectId, BaseVersion = baseVersion, Changes = changes },
            -1,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes an object and its subtree, based on <paramref name="baseVersion"/>.</summary>
    /// <param name="objectId">The object.</param>
    /// <param name="baseVersion">The version the delete is based on; -1 to skip the check.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The Ack.</returns>
    /// <exception cref="PsomOperationException">Conflict, forbidden, not found, timed out, or closed.</exception>
    public async Task<PsomAckMessage> DeleteAsync(long objectId, long baseVersion, CancellationToken cancellationToken = default) =>
        (PsomAckMessage)await RequestAsync(
            id => new PsomDeleteMessage { RequestId = id, ObjectId = objectId, BaseVersion = baseVersion },
            -1,
            cancellationToken).ConfigureAwait(false);

    /// <summary>Calls a method on a server object.</summary>
    /// <param name="objectId">The object.</param>
    /// <param name="method">The method.</param>
    /// <param name="arguments">Arguments.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The return values.</returns>
    /// <exception cref="PsomOperationException">Method not found, failed, timed out (<see cref="PsomClientOptions.RequestTimeout"/>), or closed.</exception>
    public Task<ImmutableSortedDictionary<string, PsomValue>> InvokeAsync(
        long objectId, string method, ImmutableSortedDictionary<string, PsomValue>? arguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        return _connection.InvokeAsync(objectId, method, arguments ?? PsomProperties.Empty, _options.RequestTimeout, cancellationToken);
    }

    private async Task<PsomMessage> RequestAsync(Func<long, PsomMessage> build, long subscribedRoot, CancellationToken cancellationToken)
    {
        var requestId = Interlocked.Increment(ref _nextRequestId);
        var pending = new Pending(subscribedRoot);
        _pending[requestId] = pending;
        try
        {
            if (!_connection.TrySend(build(requestId)))
            {
                throw new PsomOperationException(PsomErrorCode.InvalidState, "session closed");
            }

            var answer = await WaitAsync(pending.Completion.Task, cancellationToken).ConfigureAwait(false);
            return answer is PsomNackMessage nack ? throw new PsomOperationException(nack.Code, nack.Detail, nack.Current) : answer;
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    private sealed class Handler(PsomClient client) : IPsomConnectionHandler
    {
        public ValueTask OnMessageAsync(PsomMessage message, CancellationToken cancellationToken)
        {
            switch (message)
            {
                case PsomWelcomeMessage welcome:
                    if (!client._welcome.TrySetResult(welcome))
                    {
                        throw new PsomProtocolException("second Welcome");
                    }

                    break;
                case PsomEventMessage e:
                    client.Replica.Apply(e.Change);
                    break;
                case PsomSnapshotMessage snapshot:
                    if (client._pending.TryGetValue(snapshot.RequestId, out var forSnapshot))
                    {
                        client.Replica.ApplySnapshot(snapshot.ObjectId, snapshot.Objects, snapshot.TreeVersion, first: !forSnapshot.SawFirstChunk);
                        forSnapshot.SawFirstChunk = true;
                        if (snapshot.IsLast)
                        {
                            forSnapshot.Completion.TrySetResult(snapshot);
                        }
                    }

                    break;
                case PsomReplayMessage replay:
                    foreach (var change in replay.Changes)
                    {
                        client.Replica.Apply(change);
                    }

                    if (replay.IsLast && client._pending.TryGetValue(replay.RequestId, out var forReplay))
                    {
                        forReplay.Completion.TrySetResult(replay);
                    }

                    break;
                case PsomAckMessage ack:
                    Complete(ack.RequestId, ack);
                    break;
                case PsomNackMessage nack:
                    Complete(nack.RequestId, nack);
                    break;
                default:
                    throw new PsomProtocolException("unexpected " + message.Type + " from the server");
            }

            return ValueTask.CompletedTask;
        }

        public async ValueTask<PsomResultMessage> OnInvokeAsync(PsomInvokeMessage invoke, CancellationToken cancellationToken)
        {
            if (!client._callbacks.TryGetValue(invoke.Method, out var handler))
            {
                return new PsomResultMessage { CallId = invoke.CallId, Code = PsomErrorCode.MethodNotFound, Detail = invoke.Method };
            }

            var values = await handler(invoke, cancellationToken).ConfigureAwait(false);
            return new PsomResultMessage { CallId = invoke.CallId, Code = PsomErrorCode.None, Values = values };
        }

        private void Complete(long requestId, PsomMessage answer)
        {
            if (client._pending.TryGetValue(requestId, out var pending))
            {
                pending.Completion.TrySetResult(answer);
            }
        }
    }
}
