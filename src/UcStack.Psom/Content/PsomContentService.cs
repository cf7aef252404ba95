using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Security.Cryptography;

namespace UcStack.Psom;

/// <summary>
/// Large content for a <see cref="PsomServer"/>: uploaded once (through <see cref="PublishAsync"/> or the
/// <c>publish</c> method presenters invoke on the conference root or a slide deck), encrypted with a fresh
/// AES-GCM key, kept as ciphertext, served over HTTPS by <see cref="HandleAsync(HttpListenerContext)"/>
/// (mount it in an HttpListener or ASP.NET host), and announced to participants as a persistent
/// <c>ucs.content</c> object carrying URL and key over Psom. Bounded: per-item and total size limits.
/// The ciphertext lives in memory (lost on restart while the <c>ucs.content</c> objects persist; see README).
/// </summary>
public sealed class PsomContentService
{
    /// <summary>The method name presenters invoke to upload (argument <c>data</c> bytes, optional <c>mediaType</c>).</summary>
    public const string PublishMethod = "publish";

    private readonly PsomServer _server;
    private readonly Uri _baseUri;
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private long _totalBytes;

    /// <summary>Creates the service and registers the <c>publish</c> method on the server.</summary>
    /// <param name="server">The Psom server whose conferences get the content objects.</param>
    /// <param name="baseUri">The HTTPS prefix the endpoint is mounted at, e.g. <c>https://wcs.example/psom-content/</c>.</param>
    /// <exception cref="ArgumentException">The base URI is not absolute HTTPS.</exception>
    public PsomContentService(PsomServer server, Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(baseUri);
        if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttps && !baseUri.IsLoopback))
        {
            throw new ArgumentException("Content is served over HTTPS (plain HTTP only on loopback for tests).", nameof(baseUri));
        }

        _server = server;
        _baseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        server.RegisterMethod(PsomObjectTypes.Conference, PublishMethod, OnPublishAsync);
        server.RegisterMethod(PsomObjectTypes.SlideDeck, PublishMethod, OnPublishAsync);
    }

    /// <summary>Largest single item. Default 64 MiB (uploads over Psom are further bounded by the frame size).</summary>
    public long MaxItemBytes { get; init; } = 64L << 20;

    /// <summary>Largest total of stored ciphertext. Default 1 GiB.</summary>
    public long MaxTotalBytes { get; init; } = 1L << 30;

    /// <summary>Encrypts and stores <paramref name="content"/>, then creates the <c>ucs.content</c> object under <paramref name="parentId"/>.</summary>
    /// <param name="conferenceId">The conference.</param>
    /// <param name="parentId">Where the content object goes (a persistent parent).</param>
    /// <param name="content">The plaintext.</param>
    /// <param name="mediaType">E.g. <c>application/pdf</c>.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The committed content object (with <c>contentUrl</c> and <c>contentKey</c>).</returns>
    /// <exception cref="PsomOperationException">Too large (<see cref="PsomErrorCode.LimitExceeded"/>) or the tree refused it.</exception>
    public async Task<PsomObject> PublishAsync(string conferenceId, long parentId, ReadOnlyMemory<byte> content, string mediaType, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        if (content.Length > MaxItemBytes)
        {
            throw new PsomOperationException(PsomErrorCode.LimitExceeded, "content item too large");
        }

        var blob = PsomContentCipher.Encrypt(content.Span, out var key);
        try
        {
            if (Interlocked.Add(ref _totalBytes, blob.Length) > MaxTotalBytes)
            {
                Interlocked.Add(ref _totalBytes, -blob.Length);
                throw new PsomOperationException(PsomErrorCode.LimitExceeded, "content store full");
            }

            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            _blobs[id] = blob;
            var properties = PsomProperties.Of(
                KeyValuePair.Create("contentUrl", PsomValue.FromText(new Uri(_baseUri, id).AbsoluteUri)),
                KeyValuePair.Create("contentKey", PsomValue.FromBytes(key)),
                KeyValuePair.Create("mediaType", PsomValue.FromText(mediaType)),
                KeyValuePair.Create("length", PsomValue.FromInteger(content.Length)),
                KeyValuePair.Create("sha256", PsomValue.FromBytes(SHA256.HashData(content.Span))));
            try
            {
                return await _server.CreateObjectAsync(conferenceId, parentId, PsomObjectTypes.Content, properties, persistent: true, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                if (_blobs.TryRemove(id, out var removed))
                {
                    Interlocked.Add(ref _totalBytes, -removed.Length);
                }

                throw;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The stored ciphertext for a content id (the last URL segment).</summary>
    /// <param name="contentId">The id.</param>
    /// <param name="blob">The ciphertext when found.</param>
    /// <returns>Whether it exists.</returns>
    public bool TryGetBlob(string contentId, out ReadOnlyMemory<byte> blob)
    {
        var found = _blobs.TryGetValue(contentId ?? string.Empty, out var bytes);
        blob = bytes;
        return found;
    }

    /// <summary>Serves <c>GET {base}/{contentId}</c> with the ciphertext; 404 for unknown ids, 405 for other methods.</summary>
    /// <param name="context">The listener context (completed by this call).</param>
    /// <returns>Completes when the response is sent.</returns>
    public async Task HandleAsync(HttpListenerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        try
        {
            if (context.Request.HttpMethod is not ("GET" or "HEAD"))
            {
                response.StatusCode = 405;
                return;
            }

            var path = context.Request.Url?.AbsolutePath ?? string.Empty;
            var contentId = path[(path.LastIndexOf('/') + 1)..];
            if (!TryGetBlob(contentId, out var blob))
            {
                response.StatusCode = 404;
                return;
            }

            response.StatusCode = 200;
            response.ContentType = "application/octet-stream";
            response.ContentLength64 = blob.Length;
            if (context.Request.HttpMethod == "GET")
            {
                await response.OutputStream.WriteAsync(blob).ConfigureAwait(false);
            }
        }
        finally
        {
            response.Close();
        }
    }

    private async ValueTask<ImmutableSortedDictionary<string, PsomValue>> OnPublishAsync(PsomInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Role != PsomRole.Presenter)
        {
            throw new PsomOperationException(PsomErrorCode.Forbidden, "only presenters publish content");
        }

        if (!invocation.Arguments.TryGetValue("data", out var data) || data.Kind != PsomValueKind.Bytes)
        {
            throw new PsomOperationException(PsomErrorCode.InvalidArgument, "data (bytes) is required");
        }

        var mediaType = invocation.Arguments.TryGetValue("mediaType", out var type) && type.Kind == PsomValueKind.Text ? type.AsText() : "application/octet-stream";
        var created = await PublishAsync(invocation.ConferenceId, invocation.Target.Id, data.AsBytes(), mediaType, cancellationToken).ConfigureAwait(false);
        return PsomProperties.Of(KeyValuePair.Create("objectId", PsomValue.FromInteger(created.Id)));
    }
}
