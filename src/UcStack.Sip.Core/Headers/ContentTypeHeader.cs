using System.Buffers;
using System.Text;

namespace UcStack.Sip;

/// <summary>The Content-Type value (RFC 3261 §20.15): <c>type/subtype *(;attribute=value)</c>.</summary>
public sealed class ContentTypeHeader
{
    /// <summary>Builds a media type.</summary>
    /// <param name="type">The type token (for example <c>application</c>).</param>
    /// <param name="subtype">The subtype token (for example <c>sdp</c>).</param>
    /// <exception cref="ArgumentException">The type or subtype is not a token.</exception>
    public ContentTypeHeader(string type, string subtype)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(subtype);
        if (!HeaderGrammar.IsToken(type)) throw new ArgumentException("The type must be a token.", nameof(type));
        if (!HeaderGrammar.IsToken(subtype)) throw new ArgumentException("The subtype must be a token.", nameof(subtype));
        Type = type;
        Subtype = subtype;
        Parameters = new SipParameters(ParameterSyntax.Header, ValidateMValue);
    }

    /// <summary>The type as sent (compare case-insensitively).</summary>
    public string Type { get; }

    /// <summary>The subtype as sent (compare case-insensitively).</summary>
    public string Subtype { get; }

    /// <summary><c>type/subtype</c>.</summary>
    public string MediaType => string.Concat(Type, "/", Subtype);

    /// <summary>The m-parameters in order (values as sent, quoted-strings in their quotes).</summary>
    public SipParameters Parameters { get; }

    /// <summary>Parses <c>media-type = m-type SLASH m-subtype *(SEMI m-parameter)</c>; m-parameter = m-attribute EQUAL m-value.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="contentType">The value, when the result is <see langword="true"/>.</param>
    /// <param name="error">What was wrong and where.</param>
    /// <returns><see langword="true"/> when the value is valid.</returns>
    public static bool TryParse(ReadOnlySpan<byte> value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ContentTypeHeader? contentType, out SipParseError error)
    {
        contentType = null;
        var i = SipSyntax.SkipLws(value, 0);
        var typeEnd = HeaderGrammar.ReadToken(value, i);
        var slash = SipSyntax.SkipLws(value, typeEnd);
        if (typeEnd == i || slash >= value.Length || value[slash] != (byte)'/')
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, typeEnd == i ? i : slash, "expected type/subtype");
            return false;
        }

        var sub = SipSyntax.SkipLws(value, slash + 1);
        var subEnd = HeaderGrammar.ReadToken(value, sub);
        if (subEnd == sub)
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, sub, "expected a subtype token");
            return false;
        }

        var result = new ContentTypeHeader(KnownStrings.Get(value[i..typeEnd]), KnownStrings.Get(value[sub..subEnd]));
        var p = subEnd;
        if (!HeaderGrammar.TryParseParameters(value, ref p, result.Parameters, requireValue: true, ValidateMValue, out error)
            || !HeaderGrammar.ExpectEnd(value, p, out error))
        {
            return false;
        }

        contentType = result;
        return true;
    }

    /// <summary>m-value = token / quoted-string (no host form here).</summary>
    private static SipParseErrorCode ValidateMValue(string name, string? value) =>
        value is not null && (value[0] == '"' || HeaderGrammar.IsToken(value)) ? SipParseErrorCode.None : SipParseErrorCode.InvalidParameter;

    /// <summary>Parses a Content-Type value.</summary>
    /// <param name="value">The header value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SipParseException">The value is not valid.</exception>
    public static ContentTypeHeader Parse(ReadOnlySpan<byte> value) =>
        TryParse(value, out var ct, out var error) ? ct : ParseThrow.Error<ContentTypeHeader>(error);

    /// <summary>Writes the value as UTF-8.</summary>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(IBufferWriter<byte> writer) => HeaderList.WriteUtf8(ToString(), writer);

    /// <summary>The value as <c>type/subtype;attribute=value</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(MediaType);
        Parameters.AppendTo(sb);
        return sb.ToString();
    }
}
