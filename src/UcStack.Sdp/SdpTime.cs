using System.Globalization;

namespace UcStack.Sdp;

/// <summary>
/// A time description (RFC 8866 §5.9-§5.11): one t= line, its r= lines and an optional z= line. The r= and z=
/// values are kept as text (their compact units <c>d h m s</c> are rarely used outside broadcast sessions).
/// </summary>
public sealed class SdpTime
{
    private string? _zoneAdjustments;

    /// <summary>Creates <c>t=<paramref name="start"/> <paramref name="stop"/></c>; <c>t=0 0</c> means unbounded.</summary>
    /// <param name="start">NTP start time in seconds, or 0.</param>
    /// <param name="stop">NTP stop time in seconds, or 0.</param>
    public SdpTime(ulong start = 0, ulong stop = 0)
    {
        Start = start;
        Stop = stop;
    }

    /// <summary>NTP start time in seconds (0: starts now / unbounded).</summary>
    public ulong Start { get; set; }

    /// <summary>NTP stop time in seconds (0: unbounded).</summary>
    public ulong Stop { get; set; }

    /// <summary>The r= values, in order (each non-empty, no NUL/CR/LF).</summary>
    public IList<string> Repeats { get; } = new ValidatedList<string>(static (value, name) => SdpText.NonWhitespaceLine(value, name));

    /// <summary>The z= value, or <see langword="null"/>.</summary>
    /// <exception cref="ArgumentException">The value is empty or holds NUL, CR or LF.</exception>
    public string? ZoneAdjustments
    {
        get => _zoneAdjustments;
        set => _zoneAdjustments = value is null ? null : SdpText.NonWhitespaceLine(value, nameof(value));
    }

    /// <summary>The value after <c>t=</c>.</summary>
    /// <returns>The field text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Start} {Stop}");
}
