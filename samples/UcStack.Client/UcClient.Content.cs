using System.Collections.Immutable;
using System.Net.Sockets;
using UcStack.C3P;
using UcStack.Psom;
using UcStack.Tls;

namespace UcStack.Client;

internal sealed partial class UcClient
{
    private static readonly TimeSpan SlideWait = TimeSpan.FromSeconds(10);
    private PsomClient? _psom;
    private TcpClient? _psomConnection;

    /// <summary>Shares a one-line slide in the joined conference: dials in to its meeting MCU for the Psom address
    /// and an admission token, connects over TLS and creates a slide deck object (presenters only).</summary>
    /// <returns>The new object's id.</returns>
    /// <exception cref="FeatureUnavailableException">The conference has no meeting MCU (no Psom in this server).</exception>
    /// <exception cref="PsomOperationException">The Psom server refused (e.g. an attendee may not create slides).</exception>
    public async Task<long> ShareSlideAsync(string title, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        var psom = await ConnectPsomAsync(cancellationToken).ConfigureAwait(false);
        var properties = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new KeyValuePair<string, PsomValue>[]
        {
            new("title", title),
            new("pageCount", 1L),
            new("currentPage", 1L),
        });
        var ack = await psom.CreateAsync(PsomObjectIds.Root, PsomObjectTypes.SlideDeck, properties, persistent: false, cancellationToken).ConfigureAwait(false);
        return ack.ObjectId;
    }

    /// <summary>Reads the title of the newest slide deck in the joined conference's content, waiting a little for
    /// one to appear.</summary>
    /// <exception cref="FeatureUnavailableException">No meeting MCU.</exception>
    /// <exception cref="TimeoutException">No slide deck within 10 s.</exception>
    public async Task<string> GetSlideAsync(CancellationToken cancellationToken = default)
    {
        var psom = await ConnectPsomAsync(cancellationToken).ConfigureAwait(false);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(SlideWait);
        var appeared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, PsomChange change) => appeared.TrySetResult();
        psom.Replica.Changed += OnChanged;
        try
        {
            while (true)
            {
                var deck = psom.Replica.Objects.Values.Where(o => o.TypeName == PsomObjectTypes.SlideDeck).MaxBy(o => o.Id);
                if (deck is not null) return deck["title"].Kind == PsomValueKind.Text ? deck["title"].AsText() : "(untitled)";
                await appeared.Task.WaitAsync(bound.Token).ConfigureAwait(false);
                appeared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no slide deck appeared within {SlideWait.TotalSeconds:F0} s");
        }
        finally
        {
            psom.Replica.Changed -= OnChanged;
        }
    }

    private async Task<PsomClient> ConnectPsomAsync(CancellationToken cancellationToken)
    {
        if (_psom is { } open) return open;
        var conference = Joined();
        // MS-CONFBAS: a dial-in (addUser) to the meeting MCU; the answer's connection-info names the content server.
        var response = await conference.ExecuteAsync(ConferenceMeetingMcu.DialIn(conference.FocusUri, Settings.AddressOfRecord), cancellationToken).ConfigureAwait(false);
        if (!ConferenceMeetingMcu.TryReadConnection(response.Command as AddUserCommand, out var meeting))
        {
            throw new FeatureUnavailableException("the meeting MCU's answer carries no Psom address and token");
        }

        var url = new Uri(meeting.ContentServerUrl);
        var role = meeting.Role == "presenter" ? PsomRole.Presenter : PsomRole.Attendee;
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(url.Host, url.Port, cancellationToken).ConfigureAwait(false);
            var pinned = _pinned ?? LoadTrusted(Settings.TrustedCertificate ?? ClientSettings.DevelopmentCertificatePath);
            var psom = await PsomClient.ConnectTlsAsync(
                tcp.GetStream(),
                new TlsClientOptions { TargetHost = Settings.Domain, UseSystemTrustStore = false, PinnedCertificates = [pinned] },
                new PsomClientOptions { ConferenceId = url.AbsolutePath.Trim('/'), User = meeting.User, Role = role, Token = meeting.Token },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(pinned, _pinned)) pinned.Dispose();
            await psom.SubscribeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _psomConnection = tcp;
            _psom = psom;
            return psom;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    private async Task DisposeContentAsync()
    {
        var psom = Interlocked.Exchange(ref _psom, null);
        if (psom is not null) await psom.DisposeAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref _psomConnection, null)?.Dispose();
    }
}
