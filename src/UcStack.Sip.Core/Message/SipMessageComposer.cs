using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UcStack.Sip;

/// <summary>
/// The state shared by <see cref="SipRequestBuilder"/> and <see cref="SipResponseBuilder"/>: an ordered header
/// list and a body, checked as they are added so that the composed text cannot inject lines, and rendered to
/// bytes for the parser.
/// </summary>
internal sealed class SipMessageComposer
{
    /// <summary>Characters of random identifiers: alphanumerics are tokens and words in every grammar that uses them.</summary>
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>RFC 3261 §8.1.1.7: branch IDs of RFC 3261 elements start with this magic cookie.</summary>
    internal const string MagicCookie = "z9hG4bK";

    private static readonly SearchValues<char> NotInUri = SearchValues.Create(" \t\r\n<>\"");

    private readonly List<KeyValuePair<string, string>> _headers = [];
    private byte[] _body = [];

    internal void Add(string name, string value)
    {
        CheckName(name);
        CheckValue(value, nameof(value));
        _headers.Add(new(name, value));
    }

    /// <summary>Replaces the first header with the name (any form) in place, or appends it.</summary>
    internal void Set(string name, string value)
    {
        CheckValue(value, nameof(value));
        var id = SipHeaderNames.Identify(name);
        for (var i = 0; i < _headers.Count; i++)
        {
            if (SipHeaderNames.Identify(_headers[i].Key) == id && (id != KnownHeader.Unknown || string.Equals(_headers[i].Key, name, StringComparison.OrdinalIgnoreCase)))
            {
                _headers[i] = new(name, value);
                return;
            }
        }

        Add(name, value);
    }

    internal string? Get(string name)
    {
        var id = SipHeaderNames.Identify(name);
        foreach (var h in _headers)
        {
            if (SipHeaderNames.Identify(h.Key) == id && (id != KnownHeader.Unknown || string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)))
            {
                return h.Value;
            }
        }

        return null;
    }

    internal void SetBody(ReadOnlySpan<byte> body) => _body = body.ToArray();

    /// <summary>Renders start line, headers (Content-Length replaced by the body length), empty line and body.</summary>
    internal byte[] Render(string startLine)
    {
        var text = new StringBuilder(256);
        text.Append(startLine).Append("\r\n");
        foreach (var (name, value) in _headers)
        {
            if (SipHeaderNames.Identify(name) == KnownHeader.ContentLength) continue;
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        text.Append("Content-Length: ").Append(_body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        var writer = new ArrayBufferWriter<byte>(Encoding.UTF8.GetMaxByteCount(text.Length) + _body.Length);
        var headLength = Encoding.UTF8.GetBytes(text.ToString(), writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        writer.Advance(headLength);
        writer.Write(_body);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>A random identifier of <paramref name="length"/> alphanumerics from <see cref="RandomNumberGenerator"/>.</summary>
    internal static string NewId(int length) => RandomNumberGenerator.GetString(IdAlphabet, length);

    /// <summary>A new branch ID: the magic cookie and 24 random characters (about 143 bits, RFC 3261 §8.1.1.7).</summary>
    internal static string NewBranch() => MagicCookie + NewId(24);

    /// <summary>Formats a name-addr: optional quoted display name and the URI in angle brackets (RFC 3261 §20.10).</summary>
    internal static string NameAddr(string uri, string? displayName)
    {
        CheckUri(uri, nameof(uri));
        if (displayName is null) return string.Concat("<", uri, ">");
        CheckValue(displayName, nameof(displayName));
        var quoted = displayName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        return string.Concat("\"", quoted, "\" <", uri, ">");
    }

    internal static void CheckToken(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        foreach (var c in value)
        {
            if (c > 127 || !SipSyntax.IsToken((byte)c)) throw new ArgumentException("must be a non-empty token (RFC 3261 §25.1)", paramName);
        }

        if (value.Length == 0) throw new ArgumentException("must be a non-empty token (RFC 3261 §25.1)", paramName);
    }

    internal static void CheckUri(string uri, string paramName)
    {
        ArgumentNullException.ThrowIfNull(uri, paramName);
        if (uri.Length == 0 || uri.AsSpan().IndexOfAny(NotInUri) >= 0 || HasControl(uri))
        {
            throw new ArgumentException("a URI must be non-empty and contain no whitespace, control characters, '<', '>' or '\"'", paramName);
        }
    }

    private static void CheckName(string name) => CheckToken(name, nameof(name));

    /// <summary>Values may not contain CR, LF or other control characters (which would end or corrupt the line).</summary>
    internal static void CheckValue(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (HasControl(value)) throw new ArgumentException("header values must not contain CR, LF or other control characters", paramName);
    }

    private static bool HasControl(string s)
    {
        foreach (var c in s)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7F) return true;
        }

        return false;
    }
}
