namespace UcStack.C3P;

/// <summary>
/// The server side of the HTTPS binding (focus ↔ MCU control, digest §1): reads one POSTed
/// <c>application/cccp+xml</c> request body, hands the parsed request to the application and writes the C3P
/// response. Host-neutral: an ASP.NET Core endpoint or an <c>HttpListener</c> loop calls
/// <see cref="HandleAsync"/> with the body stream, the Content-Type and a callback that sets the status and
/// returns the response body stream. Errors: 415 (wrong content type), 413 (body above the limit), 400 (XML that
/// does not parse, or a response where a request belongs), with a short text body.
/// </summary>
/// <remarks>Thread-safe; one instance serves every request.</remarks>
public sealed class C3PHttpHandler
{
    private readonly Func<C3PRequest, CancellationToken, Task<C3PResponse>> _handler;
    private readonly int _maxRequestBytes;

    /// <summary>Creates the handler.</summary>
    /// <param name="handler">Executes a request (e.g. an MCU's command processor, or a focus factory).</param>
    /// <param name="maxRequestBytes">The largest request body read (256 KiB by default).</param>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRequestBytes"/> is not positive.</exception>
    public C3PHttpHandler(Func<C3PRequest, CancellationToken, Task<C3PResponse>> handler, int maxRequestBytes = 256 * 1024)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRequestBytes);
        _handler = handler;
        _maxRequestBytes = maxRequestBytes;
    }

    /// <summary>Handles one POST.</summary>
    /// <param name="request">The request body.</param>
    /// <param name="contentType">The request's Content-Type, or <see langword="null"/>.</param>
    /// <param name="respond">Sets the status code and Content-Type and returns the stream the body goes to.</param>
    /// <param name="cancellationToken">Cancels reading and handling.</param>
    /// <returns>The status code sent.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public async Task<int> HandleAsync(Stream request, string? contentType, Func<int, string, Stream> respond, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(respond);
        if (!IsCccp(contentType)) return await TextAsync(respond, 415, "the body must be application/cccp+xml", cancellationToken).ConfigureAwait(false);
        var body = await ReadLimitedAsync(request, _maxRequestBytes, cancellationToken).ConfigureAwait(false);
        if (body is null) return await TextAsync(respond, 413, "the body is too large", cancellationToken).ConfigureAwait(false);
        if (!C3PXml.TryParse(body, out var message, out var error))
            return await TextAsync(respond, 400, "C3P parse failure: " + error.Reason, cancellationToken).ConfigureAwait(false);
        if (message is not C3PRequest c3p) return await TextAsync(respond, 400, "a C3P request was expected", cancellationToken).ConfigureAwait(false);
        var response = await _handler(c3p, cancellationToken).ConfigureAwait(false);
        var bytes = C3PXml.Write(response);
        var output = respond(200, C3PNamespaces.CccpContentType);
        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        return 200;
    }

    internal static bool IsCccp(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(C3PNamespaces.CccpContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a whole stream unless it holds more than <paramref name="limit"/> bytes (then <see langword="null"/>).</summary>
    internal static async Task<byte[]?> ReadLimitedAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0) return buffer.ToArray();
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
    }

    private static async Task<int> TextAsync(Func<int, string, Stream> respond, int status, string text, CancellationToken cancellationToken)
    {
        var output = respond(status, "text/plain; charset=utf-8");
        await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        return status;
    }
}
