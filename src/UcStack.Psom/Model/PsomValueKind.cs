namespace UcStack.Psom;

/// <summary>The kind of a <see cref="PsomValue"/>; each maps to one CBOR major type (docs/psom-protocol.md §5).</summary>
public enum PsomValueKind
{
    /// <summary>No value. In an update it removes the property; it is never stored.</summary>
    Null = 0,

    /// <summary>A boolean (CBOR simple values 20/21).</summary>
    Boolean = 1,

    /// <summary>A signed 64-bit integer (CBOR major types 0 and 1).</summary>
    Integer = 2,

    /// <summary>A finite IEEE 754 double (CBOR major type 7, shortest exact form).</summary>
    Double = 3,

    /// <summary>UTF-8 text (CBOR major type 3).</summary>
    Text = 4,

    /// <summary>Opaque bytes (CBOR major type 2).</summary>
    Bytes = 5,
}
