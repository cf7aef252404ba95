namespace UcStack.Stun;

/// <summary>How <see cref="StunBindingClient"/> asks for the mapped address.</summary>
public sealed record StunBindingRequestOptions
{
    /// <summary>Use TCP (RFC 8489 §6.2.2: one request, no retransmission, Ti timeout) instead of UDP.</summary>
    public bool UseTcp { get; init; }

    /// <summary>USERNAME of a short-term credential (RFC 8489 §9.1.2); needs <see cref="Key"/>.</summary>
    public string? Username { get; init; }

    /// <summary>The short-term credential key: the request gets MESSAGE-INTEGRITY and the response must verify with it.</summary>
    public StunIntegrityKey? Key { get; init; }

    /// <summary>Add FINGERPRINT to the request (RFC 8489 §14.7; the server then adds it to the response).</summary>
    public bool AddFingerprint { get; init; } = true;

    /// <summary>SOFTWARE to send, or <see langword="null"/> for none.</summary>
    public string? Software { get; init; }
}
