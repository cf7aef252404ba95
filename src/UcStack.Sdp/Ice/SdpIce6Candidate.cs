using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace UcStack.Sdp;

/// <summary>
/// The older [MS-ICE] (ICE draft-06) candidate line with per-candidate credentials:
/// <c>a=candidate:&lt;ufrag&gt; &lt;component&gt; &lt;password&gt; &lt;UDP|TCP&gt; &lt;q-value&gt; &lt;address&gt; &lt;port&gt;</c>,
/// where the user fragment and password are base64 without padding and the priority is a decimal q-value.
/// </summary>
/// <param name="Username">The candidate's user fragment (base64 characters).</param>
/// <param name="Component">The component id (1 RTP, 2 RTCP).</param>
/// <param name="Password">The candidate's password (base64 characters).</param>
/// <param name="Transport">"UDP" or "TCP".</param>
/// <param name="QValue">The priority as written, a decimal from 0 to 1 such as "0.830".</param>
/// <param name="Address">The address.</param>
/// <param name="Port">The port.</param>
public sealed record SdpIce6Candidate(string Username, int Component, string Password, string Transport, string QValue, string Address, int Port)
{
    /// <summary>The q-value as a number.</summary>
    public decimal Priority => decimal.Parse(QValue, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    /// <summary>Whether a candidate value has the ICE-6 shape (seven fields, a q-value in the fifth, no "typ").</summary>
    /// <param name="value">The text after <c>a=candidate:</c>.</param>
    /// <returns><see langword="true"/> for the ICE-6 form.</returns>
    public static bool IsIce6Form(string? value) => TryParse(value, out _);

    /// <summary>Reads the value of an ICE-6 <c>a=candidate</c> attribute.</summary>
    /// <param name="value">The text after <c>a=candidate:</c>.</param>
    /// <param name="candidate">The result.</param>
    /// <returns><see langword="false"/> when the value is not in the ICE-6 form.</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpIce6Candidate? candidate)
    {
        candidate = null;
        var parts = value?.Split(' ');
        if (parts is not { Length: 7 }
            || !IsBase64Chars(parts[0])
            || !SdpAttributeValue.TryParseInt(parts[1], 1, 256, out var component)
            || !IsBase64Chars(parts[2])
            || parts[3] is not ("UDP" or "TCP")
            || !IsQValue(parts[4])
            || !SdpText.IsNonWhitespace(parts[5])
            || !SdpAttributeValue.TryParseInt(parts[6], 0, 65535, out var port))
        {
            return false;
        }

        candidate = new SdpIce6Candidate(parts[0], component, parts[2], parts[3], parts[4], parts[5], port);
        return true;
    }

    /// <summary>Reads an ICE-6 <c>a=candidate</c> attribute.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The candidate.</returns>
    /// <exception cref="SdpParseException">The value is not in the ICE-6 form.</exception>
    /// <exception cref="ArgumentException">The attribute is not a=candidate.</exception>
    public static SdpIce6Candidate Parse(SdpAttribute attribute) =>
        TryParse(SdpAttributeValue.Require(attribute, SdpNames.Candidate), out var candidate)
            ? candidate
            : throw SdpAttributeValue.Invalid(attribute, "expected the ICE-6 form <ufrag> <component> <password> <UDP|TCP> <q-value> <address> <port>");

    /// <summary>The attribute for this candidate.</summary>
    /// <returns>A new <c>a=candidate</c> attribute.</returns>
    /// <exception cref="ArgumentException">A field cannot be written.</exception>
    public SdpAttribute ToAttribute()
    {
        var text = ToString();
        return TryParse(text, out _) ? new SdpAttribute(SdpNames.Candidate, text) : throw new ArgumentException("The ICE-6 candidate has a malformed field.");
    }

    /// <summary>The attribute value (without <c>a=candidate:</c>).</summary>
    /// <returns>The value text.</returns>
    public override string ToString() =>
        $"{Username} {SdpAttributeValue.Format(Component)} {Password} {Transport} {QValue} {Address} {SdpAttributeValue.Format(Port)}";

    private static bool IsBase64Chars(string text) =>
        text.Length is > 0 and <= 256 && text.AsSpan().IndexOfAnyExcept(Base64Chars) < 0;

    private static readonly System.Buffers.SearchValues<char> Base64Chars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    private static bool IsQValue(string text)
    {
        // A q-value as in RFC 3261 §20.10: "0" ["." 0*3DIGIT] / "1" ["." 0*3("0")]; ICE-6 writes e.g. 0.830.
        if (text.Length == 0 || text.Length > 5 || text[0] is not ('0' or '1'))
        {
            return false;
        }

        if (text.Length == 1)
        {
            return true;
        }

        if (text[1] != '.')
        {
            return false;
        }

        var fraction = text.AsSpan(2);
        return !fraction.ContainsAnyExceptInRange('0', '9') && (text[0] == '0' || !fraction.ContainsAnyExcept('0'));
    }
}
