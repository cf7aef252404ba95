using System.Diagnostics.Metrics;
using System.Security.Cryptography;

namespace UcStack.C3P;

/// <summary>
/// The focus factory (digest §1, MS-CONFPRO): provisioning commands (addConference, getConference, getConferences,
/// modifyConference, deleteConference, getAvailableMcuTypes, getConferencingCapabilities) over an
/// <see cref="IConferenceStore"/>, and the live <see cref="ConferenceFocus"/> of each conference, to which
/// in-conference commands are routed by the request's <c>to</c>. Transport-agnostic: the SIP and HTTP bindings
/// hand it parsed requests with the caller they established.
/// </summary>
/// <remarks>Thread-safe. A conference's focus is started on addConference, or on first use for a conference found
/// in the store (e.g. after a restart: the roster is not persisted), and stops when the conference ends.</remarks>
public sealed partial class ConferenceFocusFactory : IDisposable
{
    private const string IdAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private readonly ConferenceFocusFactoryOptions _options;
    private readonly IConferenceStore _store;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, ConferenceFocus> _live = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConferenceFocusMetrics _metrics;
    private bool _disposed;

    /// <summary>Creates the factory.</summary>
    /// <param name="options">Settings; defaults when <see langword="null"/>.</param>
    /// <param name="store">Where conferences are kept; an <see cref="InMemoryConferenceStore"/> when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for expiry; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>UcStack.C3P</c> meter (<c>ucstack.c3p.commands</c>,
    /// <c>ucstack.c3p.conferences.active</c>); a private meter when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ConferenceFocusFactory(
        ConferenceFocusFactoryOptions? options = null, IConferenceStore? store = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        _options = options ?? new ConferenceFocusFactoryOptions();
        _options.Validate();
        _store = store ?? new InMemoryConferenceStore();
        _time = timeProvider ?? TimeProvider.System;
        _metrics = new ConferenceFocusMetrics(meterFactory);
    }

    /// <summary>Raised when a conference's focus starts (attach to its events here).</summary>
    public event EventHandler<ConferenceFocus>? FocusStarted;

    /// <summary>The settings.</summary>
    public ConferenceFocusFactoryOptions Options => _options;

    /// <summary>Executes a C3P request: provisioning when <c>to</c> is a focus factory URI, otherwise the
    /// in-conference command at the focus its <c>to</c> (a focus or MCU URI) names.</summary>
    /// <param name="request">The request.</param>
    /// <param name="caller">Who sent it; the request's <c>from</c> must be that user.</param>
    /// <param name="cancellationToken">Cancels store access.</param>
    /// <returns>The final response (never throws for bad requests: they get failure responses).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The factory was disposed.</exception>
    public async Task<C3PResponse> HandleAsync(C3PRequest request, C3PCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var response = await ExecuteAsync(request, caller, cancellationToken).ConfigureAwait(false);
        _metrics.Answered(response);
        return response;
    }

    private async Task<C3PResponse> ExecuteAsync(C3PRequest request, C3PCaller caller, CancellationToken cancellationToken)
    {

        // MS-OCER §8.4 ids 3000/3001: the from must be the sender and the to a conferencing URI.
        if (!C3PAddress.SameUri(request.From, caller.Uri)) return C3PResponses.Failure(request, C3PFailureReason.Forbidden);
        if (!C3PAddress.TryParse(request.To, out var address)) return C3PResponses.Failure(request, C3PFailureReason.RequestMalformed);
        if (address.Kind == C3PAddressKind.FocusFactory) return await ProvisionAsync(request, caller, cancellationToken).ConfigureAwait(false);
        var focus = await GetFocusAsync(address.ConferenceId!, cancellationToken).ConfigureAwait(false);
        if (focus is null || !C3PAddress.SameUri(focus.Organizer, address.UserUri))
            return C3PResponses.Failure(request, C3PFailureReason.ConferenceDoesNotExist);
        return focus.Handle(request, caller);
    }

    /// <summary>The running focus of a conference, started from the store when needed.</summary>
    /// <param name="conferenceId">The conference id.</param>
    /// <param name="cancellationToken">Cancels store access.</param>
    /// <returns>The focus, or <see langword="null"/> when no such conference exists (or it has expired).</returns>
    /// <exception cref="ObjectDisposedException">The factory was disposed.</exception>
    public async Task<ConferenceFocus?> GetFocusAsync(string conferenceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conferenceId);
        ConferenceFocus? started = null;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_live.TryGetValue(conferenceId, out var live)) return live;
            var record = await _store.GetAsync(conferenceId, cancellationToken).ConfigureAwait(false);
            if (record is null) return null;
            if (record.ExpiryTime <= _time.GetUtcNow())
            {
                await _store.RemoveAsync(conferenceId, cancellationToken).ConfigureAwait(false);
                return null;
            }

            started = StartFocusLocked(record);
            return started;
        }
        finally
        {
            _gate.Release();
            if (started is not null) FocusStarted?.Invoke(this, started);
        }
    }

    /// <summary>Ends every running conference (their stored records stay).</summary>
    public void Dispose()
    {
        List<ConferenceFocus> live;
        _gate.Wait();
        try
        {
            if (_disposed) return;
            _disposed = true;
            live = [.. _live.Values];
            _live.Clear();
        }
        finally
        {
            _gate.Release();
        }

        foreach (var focus in live) focus.Dispose();
        _metrics.Dispose();
    }

    private ConferenceFocus StartFocusLocked(ConferenceRecord record)
    {
        var focus = new ConferenceFocus(record, _time, _options.MaxParticipants) { DialInConnectionInfo = _options.DialInConnectionInfo };
        _live[record.ConferenceId] = focus;
        _metrics.ConferenceStarted();
        focus.Ended += (_, _) =>
        {
            _metrics.ConferenceEnded();
            _ = ForgetAsync(focus);
        };
        return focus;
    }

    /// <summary>Drops an ended conference from the live table and the store.</summary>
    private async Task ForgetAsync(ConferenceFocus focus)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_live.TryGetValue(focus.ConferenceId, out var live) && ReferenceEquals(live, focus)) _live.Remove(focus.ConferenceId);
            if (!_disposed) await _store.RemoveAsync(focus.ConferenceId).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string NewConferenceId()
    {
        // Digest §1: 8-32 letters and digits; 12 from a 32-letter alphabet is 60 bits of RandomNumberGenerator output.
        return RandomNumberGenerator.GetString(IdAlphabet, 12);
    }
}
