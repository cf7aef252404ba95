namespace UcStack.Sip.Registrar;

/// <summary>
/// The default <see cref="ILocationService"/>: bindings in memory, lost on restart. Thread-safe (one lock,
/// never held while user code runs). Expired bindings are filtered out on every read and swept on a timer from
/// the <see cref="TimeProvider"/>, so memory stays bounded by <see cref="MaxAddressesOfRecord"/> times
/// <see cref="MaxBindingsPerAddressOfRecord"/>.
/// </summary>
public sealed class InMemoryLocationService : ILocationService, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<SipBinding>> _bindings = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ITimer _sweep;

    /// <summary>Creates an empty location service.</summary>
    /// <param name="timeProvider">The clock expiry runs on; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="sweepInterval">How often expired bindings are dropped; one minute when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sweepInterval"/> is not positive.</exception>
    public InMemoryLocationService(TimeProvider? timeProvider = null, TimeSpan? sweepInterval = null)
    {
        var interval = sweepInterval ?? TimeSpan.FromMinutes(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(sweepInterval));
        _time = timeProvider ?? TimeProvider.System;
        _sweep = _time.CreateTimer(static state => ((InMemoryLocationService)state!).Sweep(), this, interval, interval);
    }

    /// <summary>The most addresses of record held at once (default 100 000).</summary>
    public int MaxAddressesOfRecord { get; init; } = 100_000;

    /// <summary>The most bindings per address of record (default 16).</summary>
    public int MaxBindingsPerAddressOfRecord { get; init; } = 16;

    /// <summary>How many addresses of record have at least one binding (expired ones not yet swept included).</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _bindings.Count;
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SipBinding>> LookupAsync(string addressOfRecord, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addressOfRecord);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_bindings.TryGetValue(addressOfRecord, out var list)) return ValueTask.FromResult<IReadOnlyList<SipBinding>>([]);
            return ValueTask.FromResult<IReadOnlyList<SipBinding>>(Current(list, now));
        }
    }

    /// <inheritdoc />
    public ValueTask<SipBindingUpdateResult> ApplyAsync(SipBindingUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _bindings.TryGetValue(update.AddressOfRecord, out var existing);
            var list = existing is null ? [] : new List<SipBinding>(existing);
            list.RemoveAll(b => b.Expires <= now);

            // RFC 3261 §10.3 step 6: '*' removes every binding, each subject to the Call-ID/CSeq check below.
            var touched = update.RemoveAll ? [.. list] : list.Where(b => update.Changes.Any(c => c.Contact.Equals(b.Contact))).ToList();
            foreach (var binding in touched)
            {
                // RFC 3261 §10.3 step 7: same Call-ID and a CSeq not higher than the binding's: abort, change nothing.
                if (binding.CallId == update.CallId && update.CSeq <= binding.CSeq)
                    return ValueTask.FromResult(new SipBindingUpdateResult(SipBindingUpdateStatus.OutOfOrder, Current(list, now)));
            }

            if (update.RemoveAll)
            {
                list.Clear();
            }
            else
            {
                foreach (var change in update.Changes)
                {
                    list.RemoveAll(b => b.Contact.Equals(change.Contact));
                    if (change.Expires <= TimeSpan.Zero) continue;
                    list.Add(new SipBinding(update.AddressOfRecord, change.Contact, change.Q, now + change.Expires, update.CallId, update.CSeq,
                        update.Flow, update.AuthenticatedUser));
                }
            }

            if (list.Count > MaxBindingsPerAddressOfRecord)
                return ValueTask.FromResult(new SipBindingUpdateResult(SipBindingUpdateStatus.TooManyBindings, existing is null ? [] : Current(existing, now)));
            if (list.Count == 0)
            {
                _bindings.Remove(update.AddressOfRecord);
                return ValueTask.FromResult(new SipBindingUpdateResult(SipBindingUpdateStatus.Applied, []));
            }

            if (existing is null && _bindings.Count >= MaxAddressesOfRecord)
                return ValueTask.FromResult(new SipBindingUpdateResult(SipBindingUpdateStatus.Full, []));
            _bindings[update.AddressOfRecord] = list;
            return ValueTask.FromResult(new SipBindingUpdateResult(SipBindingUpdateStatus.Applied, Current(list, now)));
        }
    }

    /// <summary>Stops the sweep timer.</summary>
    public void Dispose() => _sweep.Dispose();

    private static SipBinding[] Current(List<SipBinding> list, DateTimeOffset now) =>
        [.. list.Where(b => b.Expires > now).OrderByDescending(b => b.Q)];

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var (aor, list) in _bindings.ToArray())
            {
                list.RemoveAll(b => b.Expires <= now);
                if (list.Count == 0) _bindings.Remove(aor);
            }
        }
    }
}
