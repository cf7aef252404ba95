using System.Buffers;

namespace UcStack.Sdp;

/// <summary>Character rules shared by the model's setters and the typed attribute readers.</summary>
internal static class SdpText
{
    // RFC 8866 §9 token-char: %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
    private static readonly SearchValues<char> TokenChars = SearchValues.Create(
        "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static readonly SearchValues<byte> TokenBytes = SearchValues.Create(
        "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    private static readonly SearchValues<char> LineBreakers = SearchValues.Create("\0\r\n");

    public static bool IsToken(ReadOnlySpan<char> value) => !value.IsEmpty && !value.ContainsAnyExcept(TokenChars);

    public static bool IsToken(ReadOnlySpan<byte> value) => !value.IsEmpty && !value.ContainsAnyExcept(TokenBytes);

    /// <summary>A non-empty run of visible characters with no space (RFC 8866 non-ws-string).</summary>
    public static bool IsNonWhitespace(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c <= ' ' || c == '\u007F')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 8866 §5 byte-string: anything but NUL, CR and LF.</summary>
    public static bool IsLineSafe(ReadOnlySpan<char> value) => !value.ContainsAny(LineBreakers);

    public static string Token(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (!IsToken(value))
        {
            throw new ArgumentException($"'{Shorten(value)}' is not an SDP token (RFC 8866 §9).", paramName);
        }

        return value;
    }

    public static string NonWhitespace(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (!IsNonWhitespace(value))
        {
            throw new ArgumentException($"'{Shorten(value)}' must be non-empty and hold no spaces or control characters.", paramName);
        }

        return value;
    }

    public static string LineSafe(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (!IsLineSafe(value))
        {
            throw new ArgumentException("SDP text must not contain NUL, CR or LF (RFC 8866 §5).", paramName);
        }

        return value;
    }

    /// <summary>A non-empty line-safe value that does not start with a space.</summary>
    public static string NonWhitespaceLine(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (value.Length == 0 || value[0] == ' ' || !IsLineSafe(value))
        {
            throw new ArgumentException("The value must be non-empty, not start with a space, and hold no NUL, CR or LF.", paramName);
        }

        return value;
    }

    /// <summary>Shortens untrusted text for an error message so a hostile value cannot flood logs.</summary>
    public static string Shorten(ReadOnlySpan<char> value)
    {
        const int Max = 32;
        var text = value.Length <= Max ? value.ToString() : string.Concat(value[..Max], "…");
        return text.Replace('\r', '?').Replace('\n', '?').Replace('\0', '?');
    }
}

