using System.Globalization;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.Sip.UserAgent;

/// <summary>Settings of a <see cref="SipRegistration"/>.</summary>
public sealed record SipRegistrationOptions
{
    /// <summary>The registrar's URI: the REGISTER Request-URI (RFC 3261 §10.2: the domain, e.g. <c>sip:example.com</c>).</summary>
    public required string RegistrarUri { get; init; }

    /// <summary>The address of record (To and From); the endpoint's <see cref="SipEndpointOptions.LocalUri"/> when <see langword="null"/>.</summary>
    public string? AddressOfRecord { get; init; }

    /// <summary>The user name for digest authentication, or <see langword="null"/> to not answer challenges.</summary>
    public string? Username { get; init; }

    /// <summary>The password for digest authentication.</summary>
    public string? Password { get; init; }

    /// <summary>The binding lifetime asked for (the Expires header); default one hour.</summary>
    public TimeSpan Expires { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long before the granted expiry the binding is refreshed; at most half the granted
    /// lifetime is used. Default 30 s.</summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where to send REGISTER; resolved from <see cref="RegistrarUri"/> when <see langword="null"/>.</summary>
    public SipTransportTarget? Target { get; init; }
}

/// <summary>The states of a <see cref="SipRegistration"/>.</summary>
public enum SipRegistrationState
{
    /// <summary>No binding (never registered, unregistered, or disposed).</summary>
    Unregistered,

    /// <summary>A REGISTER is in progress.</summary>
    Registering,

    /// <summary>The registrar accepted the binding; a refresh is scheduled.</summary>
    Registered,

    /// <summary>The last REGISTER failed (see the exception it threw); no refresh is scheduled.</summary>
    Failed,
}

/// <summary>
/// A REGISTER client (RFC 3261 §10.2): binds the endpoint's Contact to an address of record, answers 401/407
/// digest challenges, refreshes before the granted expiry on the endpoint's <see cref="TimeProvider"/>, and
/// removes the binding (Expires: 0) on <see cref="UnregisterAsync"/> or dispose.
/// </summary>
/// <remarks>Thread-safe: operations are serialized; a refresh that fails leaves the state
/// <see cref="SipRegistrationState.Failed"/> and raises <see cref="StateChanged"/> (thread pool).</remarks>
public sealed class SipRegistration : IAsyncDisposable
{
    private const int MaxChallengeRounds = 2;
    private readonly SipEndpoint _endpoint;
    private readonly SipRegistrationOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DigestClient? _digest;
    private readonly string _callId = SipMessageComposer.NewId(32);
    private readonly object _timerLock = new();
    private ITimer? _refresh;
    private uint _cseq;
    private volatile SipRegistrationState _state;
    private bool _disposed;

    /// <summary>Creates the registration (nothing is sent until <see cref="RegisterAsync"/>).</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SipRegistrationOptions.Expires"/> is not positive.</exception>
    public SipRegistration(SipEndpoint endpoint, SipRegistrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Expires, TimeSpan.Zero);
        _endpoint = endpoint;
        _options = options;
        if (options.Username is not null) _digest = new DigestClient(options.Username, options.Password ?? string.Empty);
    }

    /// <summary>The state.</summary>
    public SipRegistrationState State => _state;

    /// <summary>The lifetime the registrar granted in the last successful REGISTER.</summary>
    public TimeSpan? GrantedExpires { get; private set; }

    /// <summary>Raised on the thread pool when <see cref="State"/> changes.</summary>
    public event EventHandler<SipRegistrationState>? StateChanged;

    /// <summary>Registers (or refreshes) the binding.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The lifetime granted.</returns>
    /// <exception cref="SipRegistrationException">The registrar refused (including failed authentication).</exception>
    /// <exception cref="SipRequestTimeoutException">No final response.</exception>
    /// <exception cref="SipTransportException">The transport failed.</exception>
    /// <exception cref="ObjectDisposedException">The registration or endpoint was disposed.</exception>
    public async Task<TimeSpan> RegisterAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return await RegisterCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes the binding (REGISTER with Expires: 0) and stops refreshing.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the registrar answered.</returns>
    /// <exception cref="SipRegistrationException">The registrar refused.</exception>
    /// <exception cref="SipRequestTimeoutException">No final response.</exception>
    /// <exception cref="SipTransportException">The transport failed.</exception>
    public async Task UnregisterAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            StopRefresh();
            if (_state == SipRegistrationState.Unregistered) return;
            using var response = await SendAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is < 200 or >= 300) throw new SipRegistrationException(response.StatusCode, response.ReasonPhrase);
            GrantedExpires = null;
            SetState(SipRegistrationState.Unregistered);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Unregisters when registered (failures are ignored) and stops the refresh timer.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_state == SipRegistrationState.Registered)
        {
            try
            {
                await UnregisterAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SipRegistrationException or SipRequestTimeoutException or SipTransportException or ObjectDisposedException)
            {
                // best effort: the binding expires on its own
            }
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        _disposed = true;
        StopRefresh();
        _gate.Release();
        _gate.Dispose();
    }

    private async Task<TimeSpan> RegisterCoreAsync(CancellationToken cancellationToken)
    {
        StopRefresh();
        SetState(SipRegistrationState.Registering);
        try
        {
            using var response = await SendAsync(_options.Expires, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is < 200 or >= 300) throw new SipRegistrationException(response.StatusCode, response.ReasonPhrase);
            var granted = GrantedLifetime(response);
            GrantedExpires = granted;
            SetState(SipRegistrationState.Registered);
            ScheduleRefresh(granted);
            return granted;
        }
        catch
        {
            SetState(SipRegistrationState.Failed);
            throw;
        }
    }

    /// <summary>Sends REGISTER, answering up to two digest challenges (RFC 3261 §22.2; a second one for a
    /// stale nonce).</summary>
    private async Task<SipResponse> SendAsync(TimeSpan expires, CancellationToken cancellationToken)
    {
        IReadOnlyList<AuthenticationHeader>? credentials = null;
        var credentialsHeader = "Authorization";
        for (var round = 0; ; round++)
        {
            var target = _options.Target ?? _endpoint.Resolve(AddressUri.Parse(_options.RegistrarUri));
            var request = BuildRegister(expires, target.Protocol, credentials, credentialsHeader);
            var response = await _endpoint.SendAsync(request, target, answerChallenges: false, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is not (401 or 407) || _digest is null || round >= MaxChallengeRounds) return response;
            if (!_digest.TryAnswer(response, "REGISTER", _options.RegistrarUri, out credentials))
                return response;
            credentialsHeader = DigestClient.CredentialsHeaderName(response.StatusCode);
            response.Dispose();
        }
    }

    private SipRequest BuildRegister(TimeSpan expires, SipTransportProtocol protocol, IReadOnlyList<AuthenticationHeader>? credentials, string credentialsHeader)
    {
        // RFC 3261 §10.2: To and From are the address of record; the same Call-ID for every REGISTER to this
        // registrar, with CSeq increasing by one each time.
        var aor = _options.AddressOfRecord ?? _endpoint.Options.LocalUri;
        var builder = _endpoint.CreateRequest("REGISTER", _options.RegistrarUri, aor, protocol)
            .SetFrom(aor, _endpoint.Options.DisplayName)
            .SetCallId(_callId)
            .SetCSeq(Interlocked.Increment(ref _cseq))
            .AddHeader("Expires", ((long)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        if (credentials is not null)
        {
            foreach (var credential in credentials) builder.AddHeader(credentialsHeader, credential.ToString());
        }

        return builder.Build();
    }

    /// <summary>RFC 3261 §10.2.4: the registrar lists the bindings with their expiry; ours is the Contact equal
    /// to the one we sent, else the Expires header, else what we asked for.</summary>
    private TimeSpan GrantedLifetime(SipResponse response)
    {
        try
        {
            var ours = AddressUri.Parse(_endpoint.LocalContact(_options.Target?.Protocol ?? SipTransportProtocol.Udp));
            foreach (var contact in response.Contacts)
            {
                if (contact.Uri is { } uri && uri.Equals(ours) && contact.Expires is { } seconds) return TimeSpan.FromSeconds(seconds);
            }

            if (response.Expires is { } header) return TimeSpan.FromSeconds(header);
        }
        catch (SipParseException)
        {
            // a malformed Contact or Expires: assume what we asked for
        }

        return _options.Expires;
    }

    private void ScheduleRefresh(TimeSpan granted)
    {
        if (granted <= TimeSpan.Zero) return;
        var margin = _options.RefreshMargin < granted / 2 ? _options.RefreshMargin : granted / 2;
        lock (_timerLock)
        {
            _refresh?.Dispose();
            _refresh = _endpoint.TimeProvider.CreateTimer(_ => _endpoint.StartHandler(RefreshAsync), null, granted - margin, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            await RegisterAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SipRegistrationException or SipRequestTimeoutException or SipTransportException or ObjectDisposedException or InvalidOperationException)
        {
            // The state is Failed and StateChanged told the application.
        }
    }

    private void StopRefresh()
    {
        lock (_timerLock)
        {
            _refresh?.Dispose();
            _refresh = null;
        }
    }

    private void SetState(SipRegistrationState state)
    {
        if (_state == state) return;
        _state = state;
        if (StateChanged is { } handler) _endpoint.RunHandler(() => handler(this, state));
    }
}

/// <summary>The registrar refused a REGISTER.</summary>
public sealed class SipRegistrationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SipRegistrationException() : base("The registration failed.") { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public SipRegistrationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public SipRegistrationException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a final response.</summary>
    /// <param name="statusCode">The status code.</param>
    /// <param name="reasonPhrase">The reason phrase.</param>
    public SipRegistrationException(int statusCode, string reasonPhrase)
        : base(string.Concat("The registrar answered ", statusCode.ToString(CultureInfo.InvariantCulture), " ", reasonPhrase)) => StatusCode = statusCode;

    /// <summary>The final status code, 0 when not built from a response.</summary>
    public int StatusCode { get; }
}
