using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace UcStack.Psom;

/// <summary>
/// One conference's live state: the tree, the replay log, the sessions and their subscriptions. Every
/// operation runs inside one async serial section (<see cref="_gate"/>), which is what sequences changes:
/// validate → commit → store (persistent changes) → broadcast events → acknowledge. A change the store
/// refuses is undone before anyone sees it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The SemaphoreSlim never allocates its wait handle; conferences live as long as the server.")]
internal sealed partial class PsomConference
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly PsomChangeLog _log;
    private readonly IPsomObjectStore _store;
    private readonly PsomServerOptions _options;
    private readonly PsomMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Dictionary<long, PsomServerSession> _sessions = [];
    private readonly Dictionary<long, long> _ownerSessions = [];
    private PsomTree _tree;

    private PsomConference(string id, PsomTree tree, IPsomObjectStore store, PsomServerOptions options, PsomMetrics metrics, ILogger logger)
    {
        Id = id;
        _tree = tree;
        _store = store;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _log = new PsomChangeLog(options.TreeLimits.ReplayLogCapacity);
        Incarnation = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;
    }

    public string Id { get; }

    public long Incarnation { get; }

    public long TreeVersion => _tree.TreeVersion;

    public static async Task<PsomConference> LoadAsync(
        string id, IPsomObjectStore store, PsomServerOptions options, PsomMetrics metrics, ILogger logger, CancellationToken cancellationToken)
    {
        var state = await store.LoadAsync(id, cancellationToken).ConfigureAwait(false);
        PsomTree tree;
        if (state is null)
        {
            tree = new PsomTree(options.TreeLimits);
        }
        else
        {
            var orphans = new List<PsomObject>();
            tree = PsomTree.Restore(options.TreeLimits, state, orphans);
            foreach (var orphan in orphans)
            {
                PsomServerLog.OrphanSkipped(logger, id, orphan.Id);
            }

            PsomServerLog.ConferenceLoaded(logger, id, state.Objects.Length, state.TreeVersion);
        }

        return new PsomConference(id, tree, store, options, metrics, logger);
    }

    public async Task JoinAsync(PsomServerSession session, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _sessions[session.SessionId] = session;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes the session and deletes the non-persistent objects it created.</summary>
    public async Task LeaveAsync(PsomServerSession session)
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            _sessions.Remove(session.SessionId);
            var owned = _tree.NonPersistentRootsOwnedBy(id => _ownerSessions.TryGetValue(id, out var owner) && owner == session.SessionId);
            foreach (var id in owned)
            {
                var result = _tree.Delete(id, -1);
                if (result.IsOk)
                {
                    Publish(result.Commit);
                }
            }

            foreach (var pair in _ownerSessions.Where(p => p.Value == session.SessionId).ToList())
            {
                _ownerSessions.Remove(pair.Key);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task SubscribeAsync(PsomServerSession session, PsomSubscribeMessage subscribe, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_tree.TryGet(subscribe.ObjectId, out _))
            {
                session.Connection.TrySend(new PsomNackMessage { RequestId = subscribe.RequestId, Code = PsomErrorCode.NotFound, Detail = "object" });
                return;
            }

            // Registration and the catch-up answer happen in the same serial section, so no change falls between them.
            session.AddSubscription(subscribe.ObjectId, subscribe.Depth);
            var commits = new List<PsomCommit>();
            if (subscribe.SinceVersion is { } since && subscribe.Incarnation == Incarnation && _log.TryGetSince(since, _tree.TreeVersion, commits))
            {
                var visible = commits.Where(c => c.IsVisibleTo(subscribe.ObjectId, subscribe.Depth)).Select(c => c.Change).ToList();
                foreach (var chunk in Chunk(visible, c => c.Object is { } o ? Size(o) : 16 + (c.DeletedIds.Length * 9)))
                {
                    session.Connection.TrySend(new PsomReplayMessage
                    {
                        RequestId = subscribe.RequestId,
                        ObjectId = subscribe.ObjectId,
                        TreeVersion = _tree.TreeVersion,
                        Changes = chunk.Items,
                        IsLast = chunk.IsLast,
                    });
                }

                return;
            }

            var objects = _tree.Subtree(subscribe.ObjectId, subscribe.Depth).ToList();
            foreach (var chunk in Chunk(objects, Size))
            {
                session.Connection.TrySend(new PsomSnapshotMessage
                {
                    RequestId = subscribe.RequestId,
                    ObjectId = subscribe.ObjectId,
                    TreeVersion = _tree.TreeVersion,
                    Objects = chunk.Items,
                    IsLast = chunk.IsLast,
                });
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<PsomMessage> ExecuteAsync(PsomServerSession session, PsomMessage request, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (result, requestId) = Apply(session, request);
            if (!result.IsOk)
            {
                return new PsomNackMessage { RequestId = requestId, Code = result.Error, Detail = result.Detail, Current = result.Current };
            }

            if (TouchesPersistentState(result.Commit))
            {
                try
                {
                    // Acknowledge only what the store holds: a crash after the Ack loses nothing acknowledged.
                    await _store.SaveAsync(Id, _tree.ToStoredState(), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException)
                {
                    PsomServerLog.StoreFailed(_logger, Id, e);
                    _tree.UndoLast(result.Commit);
                    return new PsomNackMessage { RequestId = requestId, Code = PsomErrorCode.StoreFailed, Detail = "store write failed" };
                }
            }

            if (result.Commit.Change.Kind == PsomChangeKind.Created)
            {
                _ownerSessions[result.Commit.Change.ObjectId] = session.SessionId;
            }
            else if (result.Commit.Change.Kind == PsomChangeKind.Deleted)
            {
                foreach (var id in result.Commit.Change.DeletedIds)
                {
                    _ownerSessions.Remove(id);
                }
            }

            Publish(result.Commit);
            var change = result.Commit.Change;
            return new PsomAckMessage { RequestId = requestId, ObjectId = change.ObjectId, Version = change.Object?.Version ?? 0, TreeVersion = change.TreeVersion };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A server-made create (content objects, application seeding), outside any session.</summary>
    public async Task<PsomObject> CreateAsServerAsync(long parentId, string typeName, ImmutableSortedDictionary<string, PsomValue> properties, bool persistent, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = _tree.Create(parentId, typeName, properties, persistent, owner: string.Empty);
            if (!result.IsOk)
            {
                throw new PsomOperationException(result.Error, result.Detail);
            }

            if (persistent)
            {
                try
                {
                    await _store.SaveAsync(Id, _tree.ToStoredState(), cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    _tree.UndoLast(result.Commit);
                    throw;
                }
            }

            Publish(result.Commit);
            return result.Commit.Change.Object!;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The whole tree, parents first (a consistent copy).</summary>
    public async Task<(long TreeVersion, ImmutableArray<PsomObject> Objects)> GetTreeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (_tree.TreeVersion, [.. _tree.All()]);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The target and its children, for a method call.</summary>
    public async Task<(PsomObject? Target, ImmutableArray<PsomObject> Children)> GetForInvokeAsync(long id, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _tree.TryGet(id, out var target)
                ? (target, [.. _tree.Subtree(id, 1).Skip(1)])
                : (null, []);
        }
        finally
        {
            _gate.Release();
        }
    }
}
