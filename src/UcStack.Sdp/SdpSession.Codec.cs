using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace UcStack.Sdp;

/// <summary>Parsing and writing.</summary>
public sealed partial class SdpSession
{
    /// <summary>Parses UTF-8 SDP text.</summary>
    /// <param name="utf8">The description; lines end in CRLF (a lone LF is accepted).</param>
    /// <param name="session">The parsed session, or <see langword="null"/> on failure.</param>
    /// <param name="error">What is wrong and where, on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out SdpSession? session, out SdpParseError error) =>
        SdpParser.TryParse(utf8, null, out session, out error);

    /// <summary>Parses UTF-8 SDP text with explicit limits.</summary>
    /// <param name="utf8">The description.</param>
    /// <param name="options">Limits, or <see langword="null"/> for <see cref="SdpParseOptions.Default"/>.</param>
    /// <param name="session">The parsed session, or <see langword="null"/> on failure.</param>
    /// <param name="error">What is wrong and where, on failure.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8, SdpParseOptions? options, [NotNullWhen(true)] out SdpSession? session, out SdpParseError error) =>
        SdpParser.TryParse(utf8, options, out session, out error);

    /// <summary>Parses UTF-8 SDP text.</summary>
    /// <param name="utf8">The description.</param>
    /// <param name="options">Limits, or <see langword="null"/> for <see cref="SdpParseOptions.Default"/>.</param>
    /// <returns>The session.</returns>
    /// <exception cref="SdpParseException">The text is malformed or over a limit.</exception>
    public static SdpSession Parse(ReadOnlySpan<byte> utf8, SdpParseOptions? options = null) =>
        SdpParser.TryParse(utf8, options, out var session, out var error) ? session! : throw Throw(error);

    /// <summary>Parses SDP text held in a string.</summary>
    /// <param name="text">The description.</param>
    /// <param name="options">Limits, or <see langword="null"/> for <see cref="SdpParseOptions.Default"/>.</param>
    /// <returns>The session.</returns>
    /// <exception cref="SdpParseException">The text is malformed or over a limit.</exception>
    public static SdpSession Parse(string text, SdpParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(Encoding.UTF8.GetBytes(text), options);
    }

    /// <summary>The number of bytes <see cref="TryEncode(Span{byte}, out int)"/> writes.</summary>
    /// <returns>The encoded length.</returns>
    /// <exception cref="InvalidOperationException">The session cannot be written (no t= line, a media section without formats).</exception>
    public int GetEncodedLength()
    {
        var output = new SdpOutput(default, counting: true);
        SdpWriter.Write(this, ref output);
        return output.Length;
    }

    /// <summary>Writes the description as UTF-8 with CRLF line endings.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="bytesWritten">The bytes written, or 0 when the span is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="InvalidOperationException">The session cannot be written (no t= line, a media section without formats).</exception>
    public bool TryEncode(Span<byte> destination, out int bytesWritten)
    {
        var output = new SdpOutput(destination, counting: false);
        SdpWriter.Write(this, ref output);
        bytesWritten = output.Overflow ? 0 : output.Length;
        return !output.Overflow;
    }

    /// <summary>Writes the description into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write.</param>
    /// <returns>The bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    /// <exception cref="InvalidOperationException">The session cannot be written.</exception>
    public int Encode(Span<byte> destination) =>
        TryEncode(destination, out var written) ? written : throw new ArgumentException("The destination is too small; see GetEncodedLength().", nameof(destination));

    /// <summary>Writes the description into a new array.</summary>
    /// <returns>The UTF-8 bytes.</returns>
    /// <exception cref="InvalidOperationException">The session cannot be written.</exception>
    public byte[] Encode()
    {
        var bytes = new byte[GetEncodedLength()];
        var written = Encode(bytes);
        Debug.Assert(written == bytes.Length, "the counting pass and the writing pass must agree");
        return bytes;
    }

    /// <summary>The description as text with CRLF line endings.</summary>
    /// <returns>The SDP text.</returns>
    public override string ToString() => Encoding.UTF8.GetString(Encode());

    /// <summary>A deep copy (written and parsed back), sharing nothing mutable with this session.</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="InvalidOperationException">The session cannot be written.</exception>
    public SdpSession Clone() => Parse(Encode(), new SdpParseOptions { MaxLength = int.MaxValue, MaxLines = int.MaxValue, MaxLineLength = int.MaxValue, MaxMediaSections = int.MaxValue, MaxAttributes = int.MaxValue });

    [StackTraceHidden]
    private static SdpParseException Throw(SdpParseError error) => new(error);
}
