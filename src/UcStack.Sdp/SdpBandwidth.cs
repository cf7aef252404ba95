using System.Globalization;

namespace UcStack.Sdp;

/// <summary>A b= line (RFC 8866 §5.8): <c>b=&lt;bwtype&gt;:&lt;bandwidth&gt;</c>, for example <c>b=AS:64</c> (kbit/s) or <c>b=TIAS:64000</c>.</summary>
public sealed record SdpBandwidth
{
    /// <summary>Creates a bandwidth line.</summary>
    /// <param name="type">The modifier, a token such as "AS", "CT", "TIAS".</param>
    /// <param name="value">The amount in the modifier's unit.</param>
    /// <exception cref="ArgumentException"><paramref name="type"/> is not a token.</exception>
    public SdpBandwidth(string type, ulong value)
    {
        Type = SdpText.Token(type, nameof(type));
        Value = value;
    }

    /// <summary>The modifier ("AS", "CT", "TIAS", ...).</summary>
    public string Type { get; }

    /// <summary>The amount.</summary>
    public ulong Value { get; }

    /// <summary>The value after <c>b=</c>.</summary>
    /// <returns>The field text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Type}:{Value}");
}
