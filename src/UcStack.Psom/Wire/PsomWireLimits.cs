namespace UcStack.Psom;

/// <summary>Fixed per-field limits of protocol version 1 (docs/psom-protocol.md §7).</summary>
public static class PsomWireLimits
{
    /// <summary>Bytes before the payload: length (4), version (1), type (1), flags (2), sequence (8).</summary>
    public const int HeaderLength = 16;

    /// <summary>The default and largest maximum frame length, length prefix included: 1 MiB.</summary>
    public const int DefaultMaxFrameLength = 1 << 20;

    /// <summary>The smallest maximum frame length a peer may configure.</summary>
    public const int MinMaxFrameLength = 4096;

    /// <summary>Longest type name or method name, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 128;

    /// <summary>Longest property key, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 128;

    /// <summary>Most properties (or arguments) in one map.</summary>
    public const int MaxProperties = 256;

    /// <summary>Longest conference id, user or detail text, in UTF-8 bytes.</summary>
    public const int MaxIdentityBytes = 512;

    /// <summary>Longest admission token.</summary>
    public const int MaxTokenBytes = 2048;

    /// <summary>Most protocol versions offered in a Hello.</summary>
    public const int MaxVersions = 16;
}
