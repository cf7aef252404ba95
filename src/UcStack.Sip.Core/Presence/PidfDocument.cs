using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Xml;

namespace UcStack.Sip.Presence;

/// <summary>The basic status of a presence tuple (RFC 3863 §4.1.4).</summary>
public enum PidfBasicStatus
{
    /// <summary><c>closed</c>: not reachable for communication.</summary>
    Closed,

    /// <summary><c>open</c>: reachable for communication.</summary>
    Open,
}

/// <summary>
/// The part of a PIDF document (RFC 3863) this server reads and writes: the presentity, one basic status and an
/// optional note. The reader is hardened: no DTDs (<see cref="DtdProcessing.Prohibit"/>), no external resolution,
/// a size limit, and every failure is a <see cref="PidfFormatException"/> or a <see langword="false"/> from
/// <see cref="TryParse"/>. Elements it does not know (RFC 3863 §4.1.5 extensions) are skipped.
/// </summary>
/// <remarks>Immutable. A note is trimmed, and an empty one is no note.</remarks>
public sealed record PidfDocument
{
    /// <summary>The PIDF namespace (RFC 3863 §4.1).</summary>
    public const string Namespace = "urn:ietf:params:xml:ns:pidf";

    /// <summary>The media type (RFC 3863 §7).</summary>
    public const string ContentType = "application/pidf+xml";

    /// <summary>The largest document read (16 KiB).</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>The longest note kept, in characters.</summary>
    public const int MaxNoteLength = 1024;

    /// <summary>Creates a document.</summary>
    /// <param name="entity">The presentity URI (the <c>entity</c> attribute).</param>
    /// <param name="status">The basic status.</param>
    /// <param name="note">A note, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The entity is empty, or a value has characters XML cannot carry, or the note is too long.</exception>
    public PidfDocument(string entity, PidfBasicStatus status, string? note = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entity);
        Check(entity, nameof(entity));
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is not null)
        {
            Check(note, nameof(note));
            if (note.Length > MaxNoteLength) throw new ArgumentException($"A note is at most {MaxNoteLength} characters.", nameof(note));
        }

        Entity = entity;
        Status = status;
        Note = note;
    }

    /// <summary>The presentity URI.</summary>
    public string Entity { get; }

    /// <summary>The basic status.</summary>
    public PidfBasicStatus Status { get; }

    /// <summary>The note, or <see langword="null"/>.</summary>
    public string? Note { get; }

    /// <summary>Writes the document as UTF-8 XML (RFC 3863 §4).</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToBytes()
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            NewLineHandling = NewLineHandling.Entitize,
            Indent = false,
        };
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("presence", Namespace);
            writer.WriteAttributeString("entity", Entity);
            writer.WriteStartElement("tuple", Namespace);
            writer.WriteAttributeString("id", "t1");
            writer.WriteStartElement("status", Namespace);
            writer.WriteElementString("basic", Namespace, Status == PidfBasicStatus.Open ? "open" : "closed");
            writer.WriteEndElement();
            writer.WriteEndElement();
            if (Note is not null) writer.WriteElementString("note", Namespace, Note);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a PIDF document. A presentity is <see cref="PidfBasicStatus.Open"/> when any tuple says
    /// <c>open</c>; the note is the first <c>note</c> of the presence element or, failing that, of a tuple.</summary>
    /// <param name="xml">The body.</param>
    /// <param name="document">The document.</param>
    /// <param name="error">What is wrong, when it fails.</param>
    /// <returns><see langword="false"/> when the body is not a PIDF document this reader accepts.</returns>
    public static bool TryParse(ReadOnlySpan<byte> xml, [NotNullWhen(true)] out PidfDocument? document, [NotNullWhen(false)] out string? error)
    {
        document = null;
        if (xml.Length > MaxBytes)
        {
            error = $"The document is larger than {MaxBytes} bytes.";
            return false;
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxBytes,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml.ToArray(), writable: false), settings);
            return Read(reader, out document, out error);
        }
        catch (XmlException ex)
        {
            error = string.Concat("Malformed XML: ", ex.Message);
            return false;
        }
        catch (ArgumentException ex)
        {
            error = string.Concat("Invalid content: ", ex.Message);
            return false;
        }
    }

    /// <summary>Reads a PIDF document, throwing on failure.</summary>
    /// <param name="xml">The body.</param>
    /// <returns>The document.</returns>
    /// <exception cref="PidfFormatException">The body is not a PIDF document this reader accepts.</exception>
    public static PidfDocument Parse(ReadOnlySpan<byte> xml) =>
        TryParse(xml, out var document, out var error) ? document : throw new PidfFormatException(error);

    private static bool Read(XmlReader reader, out PidfDocument? document, out string? error)
    {
        document = null;
        if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "presence" || reader.NamespaceURI != Namespace)
        {
            error = "The root element is not a PIDF presence element.";
            return false;
        }

        var entity = reader.GetAttribute("entity");
        if (string.IsNullOrWhiteSpace(entity))
        {
            // RFC 3863 §4.1.1: the entity attribute is mandatory.
            error = "The presence element has no entity attribute.";
            return false;
        }

        var open = false;
        string? note = null;
        string? tupleNote = null;
        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Namespace) continue;
            switch (reader.LocalName)
            {
                case "basic":
                    var basic = reader.ReadElementContentAsString().Trim();
                    if (basic == "open") open = true;
                    else if (basic != "closed")
                    {
                        error = "A basic status is neither open nor closed.";
                        return false;
                    }

                    break;
                case "note":
                    var inTuple = reader.Depth > depth + 1;
                    var text = reader.ReadElementContentAsString();
                    if (text.Length > MaxNoteLength) text = text[..MaxNoteLength];
                    if (inTuple) tupleNote ??= text;
                    else note ??= text;
                    break;
            }
        }

        try
        {
            document = new PidfDocument(entity, open ? PidfBasicStatus.Open : PidfBasicStatus.Closed, note ?? tupleNote);
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return false;
        }

        error = null;
        return true;
    }

    private static void Check(string value, string name)
    {
        try
        {
            XmlConvert.VerifyXmlChars(value);
        }
        catch (XmlException)
        {
            throw new ArgumentException("The value has characters XML cannot carry.", name);
        }
    }
}

/// <summary>A body that is not a PIDF document the reader accepts.</summary>
public sealed class PidfFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public PidfFormatException() : base("Not a PIDF document.") { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public PidfFormatException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public PidfFormatException(string message, Exception innerException) : base(message, innerException) { }
}
