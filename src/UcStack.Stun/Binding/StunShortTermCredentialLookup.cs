namespace UcStack.Stun;

/// <summary>
/// Finds the short-term credential key for a USERNAME (RFC 8489 §9.1.3). Return <see langword="null"/>
/// for an unknown user (the server answers 401). Called on the receive path: keep it fast and do not dispose
/// the key you return while the server may still use it.
/// </summary>
/// <param name="usernameUtf8">The USERNAME value as received (UTF-8).</param>
public delegate StunIntegrityKey? StunShortTermCredentialLookup(ReadOnlySpan<byte> usernameUtf8);
