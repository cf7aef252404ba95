namespace UcStack.Sip.Registrar;

/// <summary>
/// The location service (RFC 3261 §10, §16.5): the bindings from addresses of record to contacts that the
/// registrar writes and the proxy reads. Implementations must be thread-safe and must never return a binding
/// whose <see cref="SipBinding.Expires"/> has passed.
/// </summary>
public interface ILocationService
{
    /// <summary>The current (unexpired) bindings of an address of record, best <see cref="SipBinding.Q"/> first.</summary>
    /// <param name="addressOfRecord">The canonical address of record (see <see cref="SipAddressOfRecord"/>).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The bindings; empty when none.</returns>
    ValueTask<IReadOnlyList<SipBinding>> LookupAsync(string addressOfRecord, CancellationToken cancellationToken = default);

    /// <summary>Applies one REGISTER's changes atomically, enforcing the Call-ID/CSeq ordering rule of
    /// RFC 3261 §10.3 step 7 for every binding it touches (and, for <see cref="SipBindingUpdate.RemoveAll"/>,
    /// for every binding of the address of record).</summary>
    /// <param name="update">The changes.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>Whether it was applied, and the bindings afterwards.</returns>
    ValueTask<SipBindingUpdateResult> ApplyAsync(SipBindingUpdate update, CancellationToken cancellationToken = default);
}
