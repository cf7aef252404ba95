using System.Diagnostics.CodeAnalysis;

namespace UcStack.Sip.Transactions;

/// <summary>
/// The transactions of one transaction layer, by <see cref="SipTransactionKey"/>, with a size bound so a
/// flood of requests cannot grow memory without limit. Not thread-safe: use it from the serial context that
/// owns the transactions.
/// </summary>
public sealed class SipTransactionTable
{
    private readonly Dictionary<SipTransactionKey, SipTransaction> _byKey = [];

    /// <summary>Creates a table.</summary>
    /// <param name="capacity">The most transactions held at once; default 10 000.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public SipTransactionTable(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(capacity, 0);
        Capacity = capacity;
    }

    /// <summary>The most transactions held at once.</summary>
    public int Capacity { get; }

    /// <summary>How many transactions are held.</summary>
    public int Count => _byKey.Count;

    /// <summary>Adds a transaction under its <see cref="SipTransaction.Key"/>.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <returns>The outcome: added, a transaction with that key exists, or the table is full (answer the
    /// request with 503, RFC 3261 §21.5.4, or drop it).</returns>
    public SipTransactionAddResult TryAdd(SipTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (_byKey.ContainsKey(transaction.Key)) return SipTransactionAddResult.Duplicate;
        if (_byKey.Count >= Capacity) return SipTransactionAddResult.Full;
        _byKey.Add(transaction.Key, transaction);
        return SipTransactionAddResult.Added;
    }

    /// <summary>Finds the transaction with a key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="transaction">The transaction, when found.</param>
    /// <returns>Whether found.</returns>
    public bool TryGet(SipTransactionKey key, [NotNullWhen(true)] out SipTransaction? transaction) =>
        _byKey.TryGetValue(key, out transaction);

    /// <summary>Finds the client transaction a response belongs to (RFC 3261 §17.1.3).</summary>
    /// <param name="response">The response.</param>
    /// <param name="transaction">The transaction, when found.</param>
    /// <returns>Whether found.</returns>
    public bool TryMatch(SipResponse response, [NotNullWhen(true)] out SipTransaction? transaction)
    {
        transaction = null;
        return SipTransactionKey.TryForResponse(response, out var key) && _byKey.TryGetValue(key, out transaction);
    }

    /// <summary>Finds the server transaction a request belongs to (RFC 3261 §17.2.3).</summary>
    /// <param name="request">The request.</param>
    /// <param name="transaction">The transaction, when found.</param>
    /// <returns>Whether found.</returns>
    /// <exception cref="SipParseException">See <see cref="SipTransactionKey.ForServer"/>.</exception>
    public bool TryMatch(SipRequest request, [NotNullWhen(true)] out SipTransaction? transaction) =>
        _byKey.TryGetValue(SipTransactionKey.ForServer(request), out transaction);

    /// <summary>Removes a transaction if it is the one held under its key.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <returns>Whether it was removed.</returns>
    public bool Remove(SipTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (!_byKey.TryGetValue(transaction.Key, out var held) || !ReferenceEquals(held, transaction)) return false;
        return _byKey.Remove(transaction.Key);
    }
}

/// <summary>The outcome of <see cref="SipTransactionTable.TryAdd"/>.</summary>
public enum SipTransactionAddResult
{
    /// <summary>Added.</summary>
    Added,
    /// <summary>A transaction with the same key is already held.</summary>
    Duplicate,
    /// <summary>The table holds <see cref="SipTransactionTable.Capacity"/> transactions.</summary>
    Full,
}
