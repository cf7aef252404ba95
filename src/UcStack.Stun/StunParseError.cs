using System.Globalization;

namespace UcStack.Stun;

/// <summary>
/// A parse failure: what was wrong (<see cref="Code"/>), where (<see cref="Offset"/>, in bytes from the
/// start of the message) and, for attribute errors, which attribute type (<see cref="AttributeType"/>).
/// </summary>
public readonly record struct StunParseError
{
    /// <summary>Creates an error.</summary>
    /// <param name="code">The reason.</param>
    /// <param name="offset">Byte offset from the start of the message.</param>
    /// <param name="attributeType">The attribute type involved, or 0 when the error is not about an attribute.</param>
    public StunParseError(StunParseErrorCode code, int offset, ushort attributeType = 0)
    {
        Code = code;
        Offset = offset;
        AttributeType = attributeType;
    }

    /// <summary>The reason; <see cref="StunParseErrorCode.None"/> when there is no error.</summary>
    public StunParseErrorCode Code { get; }

    /// <summary>Byte offset from the start of the message where the problem was found.</summary>
    public int Offset { get; }

    /// <summary>The type of the attribute at fault, or 0 for header errors.</summary>
    public ushort AttributeType { get; }

    /// <summary><see langword="true"/> when this value describes an error.</summary>
    public bool IsError => Code != StunParseErrorCode.None;

    /// <summary>Formats as <c>AttributeLength (attribute 0x0020) at byte 28</c>.</summary>
    public override string ToString() => AttributeType == 0 && Code is not (StunParseErrorCode.AttributeLength or StunParseErrorCode.AttributeValue or StunParseErrorCode.AttributeTruncated)
        ? string.Create(CultureInfo.InvariantCulture, $"{Code} at byte {Offset}")
        : string.Create(CultureInfo.InvariantCulture, $"{Code} (attribute 0x{AttributeType:x4}) at byte {Offset}");
}
