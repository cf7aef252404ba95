using System.Diagnostics;
using System.Globalization;

namespace UcStack.Sdp;

/// <summary>Shared helpers of the typed attribute readers: errors that point at the attribute, and number parsing.</summary>
internal static class SdpAttributeValue
{
    /// <summary>The value of <paramref name="attribute"/> if it is named <paramref name="name"/> and has one.</summary>
    public static string Require(SdpAttribute attribute, string name)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        if (!attribute.Is(name))
        {
            throw new ArgumentException($"Expected an a={name} attribute, got a={attribute.Name}.", nameof(attribute));
        }

        return attribute.Value ?? throw Invalid(attribute, $"a={name} needs a value");
    }

    /// <summary>An error for a malformed value, positioned at the start of the value on the attribute's line.</summary>
    [StackTraceHidden]
    public static SdpParseException Invalid(SdpAttribute attribute, string detail, SdpParseErrorCode code = SdpParseErrorCode.InvalidAttributeValue) =>
        new(new SdpParseError(code, attribute.LineNumber, attribute.LineNumber == 0 ? 0 : attribute.Name.Length + 4, $"a={attribute.Name}: {detail}"));

    public static bool TryParseInt(ReadOnlySpan<char> text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max && IsCanonical(text);

    public static bool TryParseUInt64(ReadOnlySpan<char> text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && IsCanonical(text);

    public static bool TryParseUInt32(ReadOnlySpan<char> text, out uint value) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && IsCanonical(text);

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Digits only, and no leading zero unless the number is 0, so that writing it back gives the same text.</summary>
    private static bool IsCanonical(ReadOnlySpan<char> text) =>
        !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9') && (text.Length == 1 || text[0] != '0');
}
