using UcStack.Sip.Transport;

namespace UcStack.Sip.Registrar;

/// <summary>One registered Contact of an address of record (RFC 3261 §10.3): where requests for the address of
/// record may be sent, until when, and with which preference.</summary>
/// <param name="AddressOfRecord">The canonical address of record (<c>sip:user@domain</c>).</param>
/// <param name="Contact">The Contact URI as registered.</param>
/// <param name="Q">The preference 0–1 (the Contact's <c>q</c> parameter; 1 when absent).</param>
/// <param name="Expires">When the binding lapses.</param>
/// <param name="CallId">The Call-ID of the REGISTER that last touched the binding (RFC 3261 §10.3 step 7).</param>
/// <param name="CSeq">The CSeq number of that REGISTER.</param>
/// <param name="Flow">The flow the REGISTER arrived on, or <see langword="null"/> when not known.</param>
/// <param name="AuthenticatedUser">The digest user name that registered it, or <see langword="null"/>.</param>
public sealed record SipBinding(
    string AddressOfRecord, AddressUri Contact, decimal Q, DateTimeOffset Expires, string CallId, uint CSeq, SipFlow? Flow, string? AuthenticatedUser);

/// <summary>One Contact of a REGISTER, as the registrar decided to apply it.</summary>
/// <param name="Contact">The Contact URI.</param>
/// <param name="Expires">The granted lifetime; zero removes the binding.</param>
/// <param name="Q">The preference 0–1.</param>
public sealed record SipContactChange(AddressUri Contact, TimeSpan Expires, decimal Q);

/// <summary>The changes one REGISTER makes to an address of record, applied atomically.</summary>
/// <param name="AddressOfRecord">The canonical address of record.</param>
/// <param name="CallId">The REGISTER's Call-ID.</param>
/// <param name="CSeq">The REGISTER's CSeq number.</param>
/// <param name="RemoveAll"><see langword="true"/> for <c>Contact: *</c> with <c>Expires: 0</c> (RFC 3261 §10.3 step 6).</param>
/// <param name="Changes">The contacts to add, refresh or remove (empty for a query).</param>
/// <param name="Flow">The flow the REGISTER arrived on.</param>
/// <param name="AuthenticatedUser">The digest user name, when authenticated.</param>
public sealed record SipBindingUpdate(
    string AddressOfRecord, string CallId, uint CSeq, bool RemoveAll, IReadOnlyList<SipContactChange> Changes, SipFlow? Flow, string? AuthenticatedUser);

/// <summary>How a <see cref="SipBindingUpdate"/> ended.</summary>
public enum SipBindingUpdateStatus
{
    /// <summary>Applied; the result lists the current bindings.</summary>
    Applied,

    /// <summary>Rejected without change: a binding with the same Call-ID has an equal or higher CSeq
    /// (RFC 3261 §10.3 step 7: a retransmitted or reordered REGISTER).</summary>
    OutOfOrder,

    /// <summary>Rejected without change: the address of record would hold more bindings than allowed.</summary>
    TooManyBindings,

    /// <summary>Rejected without change: the location service holds as many addresses of record as allowed.</summary>
    Full,
}

/// <summary>The outcome of <see cref="ILocationService.ApplyAsync"/>.</summary>
/// <param name="Status">Whether it was applied.</param>
/// <param name="Bindings">The address of record's current bindings after the update (unchanged when rejected).</param>
public readonly record struct SipBindingUpdateResult(SipBindingUpdateStatus Status, IReadOnlyList<SipBinding> Bindings);
