namespace UcStack.C3P;

/// <summary>
/// Reads and writes C3P bodies (<c>application/cccp+xml</c>) with a hardened streaming reader: no DTD, no resolver,
/// and the limits of <see cref="C3PReaderOptions"/>. Namespaces are matched by URI, whatever the prefixes.
/// </summary>
public static class C3PXml
{
    /// <summary>Parses a request or response from its encoded bytes.</summary>
    /// <param name="body">The body bytes (UTF-8 unless a BOM or declaration says otherwise).</param>
    /// <param name="options">Limits; <see cref="C3PReaderOptions.Default"/> when null.</param>
    /// <returns>A <see cref="C3PRequest"/> or <see cref="C3PResponse"/>.</returns>
    /// <exception cref="C3PParseException">The body is not a valid C3P message.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    public static C3PMessage Parse(ReadOnlySpan<byte> body, C3PReaderOptions? options = null)
    {
        using var input = XmlInput.Open(body, options);
        return input.Run(C3PMessageReader.Read);
    }

    /// <summary>Parses a request or response from text.</summary>
    /// <param name="body">The body text.</param>
    /// <param name="options">Limits; <see cref="C3PReaderOptions.Default"/> when null.</param>
    /// <returns>A <see cref="C3PRequest"/> or <see cref="C3PResponse"/>.</returns>
    /// <exception cref="C3PParseException">The body is not a valid C3P message.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static C3PMessage Parse(string body, C3PReaderOptions? options = null)
    {
        using var input = XmlInput.Open(body, options);
        return input.Run(C3PMessageReader.Read);
    }

    /// <summary>Parses a message, reporting failure as a value instead of an exception.</summary>
    /// <param name="body">The body bytes.</param>
    /// <param name="message">The message when parsing succeeded.</param>
    /// <param name="error">The reason when it failed.</param>
    /// <param name="options">Limits; <see cref="C3PReaderOptions.Default"/> when null.</param>
    /// <returns>Whether the body was valid.</returns>
    public static bool TryParse(ReadOnlySpan<byte> body, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out C3PMessage? message, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out C3PParseException? error, C3PReaderOptions? options = null)
    {
        try
        {
            message = Parse(body, options);
            error = null;
            return true;
        }
        catch (C3PParseException e)
        {
            message = null;
            error = e;
            return false;
        }
    }

    /// <summary>Writes a message as UTF-8 with an XML declaration.</summary>
    /// <param name="message">The request or response.</param>
    /// <param name="indent">Whether to indent (for people); false for the wire.</param>
    /// <returns>The encoded body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException">The response code is <see cref="C3PResponseCode.Pending"/>, or a value holds a character XML 1.0 cannot carry.</exception>
    public static byte[] Write(C3PMessage message, bool indent = false)
    {
        using var stream = new MemoryStream();
        WriteTo(stream, message, indent);
        return stream.ToArray();
    }

    /// <summary>Writes a message as UTF-8 with an XML declaration to <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="message">The request or response.</param>
    /// <param name="indent">Whether to indent.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The response code is <see cref="C3PResponseCode.Pending"/>, or a value holds a character XML 1.0 cannot carry.</exception>
    public static void WriteTo(Stream destination, C3PMessage message, bool indent = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(message);
        using var output = new XmlOutput(destination, indent);
        output.StartDocument();
        C3PMessageWriter.Write(output, message);
        output.EndDocument();
        output.Flush();
    }
}
