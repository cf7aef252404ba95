namespace UcStack.Turn.Mras;

/// <summary>Why an MRAS document was refused.</summary>
public enum MrasParseErrorReason
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The document is larger than <see cref="MrasXml.MaxDocumentBytes"/>.</summary>
    TooLarge,

    /// <summary>The bytes are not well-formed XML (or use a DTD, which is never processed).</summary>
    NotWellFormed,

    /// <summary>The root element is not the expected MRAS element in the MRAS namespace.</summary>
    WrongRoot,

    /// <summary>A required element or attribute is missing.</summary>
    MissingField,

    /// <summary>A value is out of range, too long or not of the expected form.</summary>
    InvalidValue,

    /// <summary>The document nests deeper or has more elements than allowed.</summary>
    TooComplex,
}
