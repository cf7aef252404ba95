using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Logging;
using UcStack.Stun;

namespace UcStack.Turn.Server;

/// <summary>
/// The transport-independent TURN server: every client message, peer datagram and timer enters here and
/// is processed under one lock, so allocation state has a single writer. Sends happen under the lock too;
/// they only hand bytes to a socket or to a bounded queue and never call user code.
/// </summary>
internal sealed partial class TurnServerEngine : IDisposable
{
    // Large enough for a Data indication carrying the largest UDP payload.
    private const int SendBufferLength = 65536 + 128;

    private readonly Lock _gate = new();
    private readonly TurnServerOptions _options;
    private readonly ITurnCredentialStore _credentials;
    private readonly IRelaySocketFactory _relays;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TurnServerMetrics _metrics;
    private readonly TurnNonces _nonces;
    private readonly byte[] _sendBuffer = new byte[SendBufferLength];
    private readonly byte[]? _software;
    private readonly Dictionary<FiveTuple, TurnAllocation> _allocations = [];
    private readonly Dictionary<string, int> _allocationsPerUser = new(StringComparer.Ordinal);
    private readonly Dictionary<StunEndPoint, TurnAllocation> _allocationsByRelay = [];
    private bool _disposed;

    public TurnServerEngine(TurnServerOptions options, IRelaySocketFactory relays, ILogger logger, TurnServerMetrics metrics)
    {
        _options = options;
        _credentials = options.CredentialStore ?? throw new ArgumentException("A credential store is required.", nameof(options));
        _relays = relays;
        _time = options.TimeProvider;
        _logger = logger;
        _metrics = metrics;
        _nonces = new TurnNonces(_time, options.NonceLifetime);
        _software = string.IsNullOrEmpty(options.Software) ? null : Encoding.UTF8.GetBytes(options.Software);
    }

    /// <summary>Allocations currently held.</summary>
    public int AllocationCount
    {
        get
        {
            lock (_gate)
            {
                return _allocations.Count;
            }
        }
    }

    /// <summary>Whether an allocation exists for <paramref name="tuple"/>.</summary>
    public bool HasAllocation(FiveTuple tuple)
    {
        lock (_gate)
        {
            return _allocations.ContainsKey(tuple);
        }
    }

    /// <summary>The allocation of <paramref name="tuple"/>, if any (for tests and diagnostics).</summary>
    internal TurnAllocation? FindAllocation(FiveTuple tuple)
    {
        lock (_gate)
        {
            return _allocations.GetValueOrDefault(tuple);
        }
    }

    /// <summary>
    /// One whole message from a client: a STUN message or a ChannelData frame (RFC 8656 §12.4: the first two
    /// bits tell them apart). Anything else is dropped.
    /// </summary>
    public void HandleClientMessage(ITurnClientLink link, ReadOnlySpan<byte> message)
    {
        if (message.IsEmpty)
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                if (_msAllocationCount > 0 && TryRelayUnframed(link, message))
                {
                    return;
                }

                if ((message[0] & 0xC0) == 0x40)
                {
                    HandleChannelData(link, message);
                }
                else if ((message[0] & 0xC0) == 0)
                {
                    HandleStun(link, message);
                }
                else
                {
                    _metrics.Dropped("not-turn");
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // A defect of ours must not take the server down: log it and drop the message.
                Log.MessageFailed(_logger, link.Tuple.Client.ToString(), e);
                _metrics.Dropped("internal-error");
            }
        }
    }

    /// <summary>A TCP connection closed: its allocation goes with it (RFC 8656 §2.2, the 5-tuple no longer exists).</summary>
    public void HandleClientClosed(FiveTuple tuple)
    {
        lock (_gate)
        {
            if (_allocations.TryGetValue(tuple, out var allocation))
            {
                DeleteAllocation(allocation, "connection closed");
            }
        }
    }

    private void HandleStun(ITurnClientLink link, ReadOnlySpan<byte> message)
    {
        if (!StunMessageReader.TryParse(message, ParseOptions, out var request, out var error))
        {
            // RFC 8489 §6.3: a message that is not well-formed STUN is discarded.
            Log.Malformed(_logger, link.Tuple.Client.ToString(), error.Code.ToString(), error.Offset);
            _metrics.Dropped("malformed");
            return;
        }

        if (request.IsMsTurnFormat)
        {
            HandleMsTurn(link, request);
            return;
        }

        if (request.Class == StunMessageClass.Indication)
        {
            if (request.Method == StunMethod.Send)
            {
                HandleSendIndication(link, request);
            }
            else
            {
                _metrics.Dropped("indication");
            }

            return;
        }

        if (request.Class != StunMessageClass.Request)
        {
            _metrics.Dropped("response");
            return;
        }

        if (request.Method == StunMethod.Binding)
        {
            HandleBinding(link, request);
            return;
        }

        if (request.Method is not (StunMethod.Allocate or StunMethod.Refresh or StunMethod.CreatePermission or StunMethod.ChannelBind
            or StunMethod.Connect or StunMethod.ConnectionBind))
        {
            // RFC 8489 §6.3.1: a request for a method the server does not implement gets 400.
            SendError(link, request, null, 400, "Unsupported method");
            return;
        }

        if (!TryAuthenticate(link, request, out var auth))
        {
            return;
        }

        if (request.UnknownComprehensionRequiredCount > 0)
        {
            // RFC 8489 §6.3.1: unknown comprehension-required attributes get 420 with UNKNOWN-ATTRIBUTES.
            Span<ushort> unknown = stackalloc ushort[128];
            var count = request.GetUnknownComprehensionRequired(unknown);
            var writer = BeginResponse(request, StunMessageClass.ErrorResponse);
            writer.AddErrorCode(420, "Unknown Attribute"u8);
            writer.AddUnknownAttributes(unknown[..count]);
            FinishAndSend(ref writer, link, request, auth);
            return;
        }

        switch (request.Method)
        {
            case StunMethod.Allocate:
                HandleAllocate(link, request, auth);
                break;
            case StunMethod.Refresh:
                HandleRefresh(link, request, auth);
                break;
            case StunMethod.CreatePermission:
                HandleCreatePermission(link, request, auth);
                break;
            case StunMethod.Connect:
                HandleConnect(link, request, auth);
                break;
            case StunMethod.ConnectionBind:
                HandleConnectionBind(link, request, auth);
                break;
            default:
                HandleChannelBind(link, request, auth);
                break;
        }
    }

    private void HandleBinding(ITurnClientLink link, StunMessageReader request)
    {
        // RFC 8489 §6.3.1 / §14.2: a Binding request is answered with the source transport address.
        var writer = BeginResponse(request, StunMessageClass.SuccessResponse);
        writer.AddXorMappedAddress(link.Tuple.Client);
        FinishAndSend(ref writer, link, request, default);
    }

    /// <summary>
    /// The long-term credential mechanism, server side (RFC 8489 §9.2.4). On failure the error response has
    /// been sent already.
    /// </summary>
    private bool TryAuthenticate(ITurnClientLink link, StunMessageReader request, out RequestAuth auth)
    {
        auth = default;
        var hasSha1 = request.Contains(StunAttributeType.MessageIntegrity);
        var hasSha256 = request.Contains(StunAttributeType.MessageIntegritySha256);
        if (!hasSha1 && !hasSha256)
        {
            // RFC 8489 §9.2.4: no integrity at all → 401 with REALM and a NONCE.
            SendChallenge(link, request, 401, "Unauthorized");
            return false;
        }

        if (!request.TryGetUsername(out var usernameUtf8) || !request.TryGetRealm(out _) || !request.TryGetNonce(out var nonce))
        {
            // RFC 8489 §9.2.4: integrity present but USERNAME, REALM or NONCE missing → 400, no integrity.
            SendError(link, request, null, 400, "Missing USERNAME, REALM or NONCE");
            return false;
        }

        if (!_nonces.IsValid(nonce))
        {
            // RFC 8489 §9.2.4: a nonce that is no longer valid → 438 with a new NONCE and REALM.
            SendChallenge(link, request, 438, "Stale Nonce");
            return false;
        }

        var username = Encoding.UTF8.GetString(usernameUtf8);
        var key = _credentials.FindKey(username, _options.Realm);
        if (key is null)
        {
            Log.UnknownUser(_logger, link.Tuple.Client.ToString());
            SendChallenge(link, request, 401, "Unauthorized");
            return false;
        }

        var verification = hasSha256 ? request.VerifyMessageIntegritySha256(key) : request.VerifyMessageIntegrity(key);
        if (verification != StunVerification.Ok)
        {
            Log.BadIntegrity(_logger, link.Tuple.Client.ToString());
            SendChallenge(link, request, 401, "Unauthorized");
            return false;
        }

        auth = new RequestAuth(key, hasSha256, username);
        return true;
    }

    /// <summary>Looks up the allocation a non-Allocate request refers to, answering 437 or 441 when it cannot be used.</summary>
    private TurnAllocation? RequireAllocation(ITurnClientLink link, StunMessageReader request, RequestAuth auth)
    {
        if (!_allocations.TryGetValue(link.Tuple, out var allocation) || allocation.IsMsTurn)
        {
            // RFC 8656 §8.2/§10.2/§12.2 (via §5): requests on a 5-tuple without an allocation → 437. An MS-TURN
            // allocation is served in MS-TURN only.
            SendError(link, request, auth, 437, "Allocation Mismatch");
            return null;
        }

        if (!string.Equals(allocation.Username, auth.Username, StringComparison.Ordinal))
        {
            // RFC 8656 §5: the credentials must be those that created the allocation → 441.
            SendError(link, request, auth, 441, "Wrong Credentials");
            return null;
        }

        return allocation;
    }

    private long Now => _time.GetTimestamp();

    private long Deadline(TimeSpan after) => Now + (long)(after.TotalSeconds * _time.TimestampFrequency);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var allocation in _allocations.Values.ToArray())
            {
                DeleteAllocation(allocation, "server stopping");
            }

            DisposeReservations();

            _nonces.Dispose();
        }
    }

    private static ushort ReadChannelNumber(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt16BigEndian(frame);

    /// <summary>The key and username a request authenticated with.</summary>
    internal readonly record struct RequestAuth(StunIntegrityKey? Key, bool Sha256, string Username);
}
