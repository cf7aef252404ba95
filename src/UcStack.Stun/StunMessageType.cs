namespace UcStack.Stun;

/// <summary>
/// A STUN message type: a <see cref="StunMessageClass"/> and a 12-bit <see cref="StunMethod"/>, packed
/// on the wire as RFC 8489 §5 lays out (method bits M11..M0 interleaved with class bits C1 and C0).
/// </summary>
public readonly record struct StunMessageType
{
    private const ushort MaxMethod = 0x0FFF;

    /// <summary>Creates a message type.</summary>
    /// <param name="messageClass">The class.</param>
    /// <param name="method">The method; only its low 12 bits exist on the wire.</param>
    /// <exception cref="ArgumentOutOfRangeException">The method does not fit in 12 bits or the class is not one of the four.</exception>
    public StunMessageType(StunMessageClass messageClass, StunMethod method)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((ushort)method, MaxMethod, nameof(method));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)messageClass, 3u, nameof(messageClass));
        Class = messageClass;
        Method = method;
    }

    /// <summary>The class (request, indication, success or error response).</summary>
    public StunMessageClass Class { get; }

    /// <summary>The method.</summary>
    public StunMethod Method { get; }

    /// <summary>The 14-bit wire value (the top two bits of the 16-bit field are always zero).</summary>
    public ushort Value => Encode(Class, Method);

    /// <summary>Binding request (0x0001).</summary>
    public static StunMessageType BindingRequest => new(StunMessageClass.Request, StunMethod.Binding);

    /// <summary>Binding indication (0x0011).</summary>
    public static StunMessageType BindingIndication => new(StunMessageClass.Indication, StunMethod.Binding);

    /// <summary>Binding success response (0x0101).</summary>
    public static StunMessageType BindingSuccessResponse => new(StunMessageClass.SuccessResponse, StunMethod.Binding);

    /// <summary>Binding error response (0x0111).</summary>
    public static StunMessageType BindingErrorResponse => new(StunMessageClass.ErrorResponse, StunMethod.Binding);

    /// <summary>Decodes a wire value.</summary>
    /// <param name="value">The 16-bit type field; its top two bits must be zero.</param>
    /// <exception cref="ArgumentOutOfRangeException">One of the top two bits is set (not a STUN message type).</exception>
    public static StunMessageType FromValue(ushort value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, (ushort)0x3FFF, nameof(value));
        return Decode(value);
    }

    /// <summary>Formats as <c>Binding SuccessResponse (0x0101)</c>.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{MethodName(Method)} {Class} (0x{Value:x4})");

    /// <summary>The method's RFC name, or its hexadecimal value when it has no name here.</summary>
    internal static string MethodName(StunMethod method) =>
        Enum.IsDefined(method) ? method.ToString() : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Method0x{(ushort)method:x3}");

    // RFC 8489 §5: M11..M7 occupy bits 13..9, C1 bit 8, M6..M4 bits 7..5, C0 bit 4, M3..M0 bits 3..0.
    internal static ushort Encode(StunMessageClass messageClass, StunMethod method)
    {
        var m = (uint)method;
        var c = (uint)messageClass;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
    }

    internal static StunMessageType Decode(ushort value)
    {
        var method = (value & 0x000F) | ((value >> 1) & 0x0070) | ((value >> 2) & 0x0F80);
        var messageClass = ((value >> 4) & 1) | ((value >> 7) & 2);
        return new StunMessageType((StunMessageClass)messageClass, (StunMethod)method);
    }
}
