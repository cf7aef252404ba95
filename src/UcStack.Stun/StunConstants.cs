namespace UcStack.Stun;

/// <summary>Wire constants and per-attribute size limits.</summary>
internal static class StunConstants
{
    /// <summary>RFC 8489 §5: the fixed magic cookie in bytes 4..7 of the header.</summary>
    public const uint MagicCookie = 0x2112A442u;

    /// <summary>MS-TURN: the value of the MAGIC-COOKIE attribute (0x000F) that opens a cookie-less message.</summary>
    public const uint MsTurnMagicCookie = 0x72C64BC6u;

    /// <summary>RFC 8489 §14.7: the CRC-32 is XORed with this ("STUN" in ASCII).</summary>
    public const uint FingerprintXor = 0x5354554Eu;

    public const int HeaderLength = 20;
    public const int AttributeHeaderLength = 4;
    public const int TransactionIdLength = 12;
    public const int MsTurnTransactionIdLength = 16;

    /// <summary>The 16-bit length field caps the body at 65535 bytes; with 4-byte alignment, 65532.</summary>
    public const int MaxBodyLength = 65532;

    public const int MessageIntegrityLength = 20;
    public const int MessageIntegritySha256MinLength = 16;
    public const int MessageIntegritySha256MaxLength = 32;
    public const int FingerprintLength = 4;

    /// <summary>USERNAME bound: RFC 5389 §15.3 allows less than 513 bytes, RFC 8489 §14.3 fewer than 509; readers and writers here allow up to 513.</summary>
    public const int MaxUsernameLength = 513;

    /// <summary>RFC 8489 §14.9, §14.10, §14.14, §14.8: fewer than 128 characters, at most 763 bytes of UTF-8.</summary>
    public const int MaxTextLength = 763;

    /// <summary>RFC 8489 §14.16: ALTERNATE-DOMAIN is a DNS name, at most 255 bytes.</summary>
    public const int MaxAlternateDomainLength = 255;

    public const int UserhashLength = 32;

    /// <summary>Our bound for lists (UNKNOWN-ATTRIBUTES, PASSWORD-ALGORITHMS) and MS CANDIDATE-IDENTIFIER: no RFC limit exists.</summary>
    public const int MaxListLength = 256;

    public static int Pad4(int length) => (length + 3) & ~3;
}
