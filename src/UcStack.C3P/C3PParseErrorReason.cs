namespace UcStack.C3P;

/// <summary>Why a C3P body or conference-info document was rejected.</summary>
public enum C3PParseErrorReason
{
    /// <summary>The bytes are not well-formed XML (or not in a supported encoding).</summary>
    MalformedXml = 1,

    /// <summary>The document carries a DTD; DTDs are prohibited so no entity can be declared or expanded.</summary>
    DtdProhibited,

    /// <summary>The document exceeds <see cref="C3PReaderOptions.MaxCharacters"/>.</summary>
    DocumentTooLarge,

    /// <summary>Elements nest deeper than <see cref="C3PReaderOptions.MaxDepth"/>.</summary>
    TooDeep,

    /// <summary>The document holds more than <see cref="C3PReaderOptions.MaxElements"/> elements.</summary>
    TooManyElements,

    /// <summary>The root element is not the one expected (namespace and local name).</summary>
    UnexpectedRoot,

    /// <summary>A required attribute is missing.</summary>
    MissingAttribute,

    /// <summary>An attribute value is not valid for its type.</summary>
    InvalidAttribute,

    /// <summary>A required element is missing.</summary>
    MissingElement,

    /// <summary>An element occurs where it may not, or more often than allowed.</summary>
    UnexpectedElement,

    /// <summary>An element's text is not valid for its type.</summary>
    InvalidValue,

    /// <summary>A C3P envelope does not hold exactly one command element.</summary>
    CommandCount,
}
