namespace UcStack.Stun;

/// <summary>Password algorithms for the long-term credential key (RFC 8489 §18.5, PASSWORD-ALGORITHM values).</summary>
public enum StunPasswordAlgorithm : ushort
{
    /// <summary>MD5 (0x0001): key = MD5(username ":" realm ":" password), 16 bytes.</summary>
    Md5 = 0x0001,

    /// <summary>SHA-256 (0x0002): key = SHA-256(username ":" realm ":" password), 32 bytes.</summary>
    Sha256 = 0x0002,
}
