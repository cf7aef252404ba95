using System.Net;
using System.Net.Sockets;
using UcStack.Stun;

namespace UcStack.Ice;

public sealed partial class IceAgent
{
    /// <summary>
    /// Binds the host sockets (one per local address and component), starts server-reflexive discovery on every
    /// STUN server and allocations on every TURN server (RFC 8445 §5.1.1), and starts the agent's Ta timer.
    /// Candidates arrive through <see cref="CandidateGathered"/>; <see cref="GatheringCompletion"/> completes when
    /// every request and allocation has finished.
    /// </summary>
    /// <exception cref="InvalidOperationException">Gathering was already started.</exception>
    /// <exception cref="ObjectDisposedException">The agent was disposed.</exception>
    public void StartGathering()
    {
        var relays = new List<(IceTurnServer Server, int Component, int LocalPreference)>();
        lock (_gate)
        {
            ThrowIfClosed();
            if (_gatheringStarted)
            {
                throw new InvalidOperationException("Gathering was already started.");
            }

            _gatheringStarted = true;
            var relayOnly = _options.GatheringPolicy == IceGatheringPolicy.RelayOnly;
            var tcpOnly = _options.GatheringPolicy == IceGatheringPolicy.TcpOnly;
            var addresses = relayOnly ? [] : _network.GetLocalAddresses();
            var preferences = IcePriority.LocalPreferences(addresses);
            for (var component = 1; component <= _components.Length; component++)
            {
                for (var i = 0; i < addresses.Count; i++)
                {
                    if (!tcpOnly)
                    {
                        BindHostLocked(addresses[i], preferences[i], component);
                    }

                    foreach (var tcpType in (ReadOnlySpan<IceTcpType>)[IceTcpType.Active, IceTcpType.Passive, IceTcpType.SimultaneousOpen])
                    {
                        if (_options.TcpCandidates.HasFlag(TcpFlag(tcpType)))
                        {
                            // RFC 6544 §4.2: other-pref is 13 bits; the interface order keeps its rank in the top bits.
                            BindHostTcpLocked(addresses[i], preferences[i] >> 3, component, tcpType);
                        }
                    }
                }

                for (var i = 0; i < (tcpOnly ? 0 : _options.TurnServers.Count); i++)
                {
                    _pendingGathers++;
                    relays.Add((_options.TurnServers[i], component, IcePriority.MaxLocalPreference - i));
                }
            }

            var period = _options.Ta;
            _timer = _time.CreateTimer(static state => ((IceAgent)state!).OnTick(), this, period, period);
            if (_pendingGathers == 0)
            {
                GatheringDoneLocked();
            }
        }

        foreach (var (server, component, preference) in relays)
        {
            _ = AllocateRelayAsync(server, component, preference);
        }

        Flush();
    }

    private void BindHostLocked(IPAddress address, int localPreference, int component)
    {
        IIceSocket socket;
        try
        {
            socket = _network.BindUdp(address);
        }
        catch (SocketException e)
        {
            Log.BindFailed(_logger, address, e);
            return;
        }

        _sockets.Add(socket);
        var candidate = new IceCandidate(
            FoundationFor(IceCandidateType.Host, address, string.Empty),
            component,
            IceTransportProtocol.Udp,
            IcePriority.ForCandidate(IceCandidateType.Host, localPreference, component),
            socket.LocalEndPoint,
            IceCandidateType.Host);
        var host = new IceLocalCandidate(candidate, socket);
        AddLocalLocked(host);
        StartSocketLater(socket, component);
        foreach (var server in _options.StunServers)
        {
            if (server.AddressFamily == address.AddressFamily)
            {
                _pendingGathers++;
                SendGatherRequestLocked(host, server);
            }
        }
    }

    private static IceTcpCandidates TcpFlag(IceTcpType tcpType) => tcpType switch
    {
        IceTcpType.Active => IceTcpCandidates.Active,
        IceTcpType.Passive => IceTcpCandidates.Passive,
        _ => IceTcpCandidates.SimultaneousOpen,
    };

    /// <summary>RFC 6544 §4.1/§4.5: a host TCP candidate of one tcptype; an active one is signalled with port 9.</summary>
    private void BindHostTcpLocked(IPAddress address, int otherPreference, int component, IceTcpType tcpType)
    {
        IIceTcpEndpoint endpoint;
        try
        {
            endpoint = _tcpNetwork!.OpenTcp(address, tcpType);
        }
        catch (SocketException e)
        {
            Log.BindFailed(_logger, address, e);
            return;
        }

        var socket = new IceTcpSocket(endpoint, tcpType);
        _sockets.Add(socket);
        var localPreference = IcePriority.TcpLocalPreference(IceCandidateType.Host, tcpType, otherPreference);
        var candidate = new IceCandidate(
            FoundationFor(IceCandidateType.Host, address, string.Empty, IceTransportProtocol.Tcp, tcpType),
            component,
            IceTransportProtocol.Tcp,
            IcePriority.ForCandidate(IceCandidateType.Host, localPreference, component),
            socket.LocalEndPoint,
            IceCandidateType.Host,
            tcpType: tcpType);
        AddLocalLocked(new IceLocalCandidate(candidate, socket));
        StartSocketLater(socket, component);
    }

    private void StartSocketLater(IIceSocket socket, int component) =>
        _effects.Add(() => socket.Start((datagram, remote) => OnDatagram(socket, component, datagram, remote)));

    private void SendGatherRequestLocked(IceLocalCandidate host, IPEndPoint server)
    {
        Span<byte> transactionId = stackalloc byte[12];
        StunMessageWriter.GenerateTransactionId(transactionId);
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.AddFingerprint();
        var request = buffer[..writer.Complete()].ToArray();
        var transaction = new IceTransaction(IceTransactionKind.Gather, request, host.Socket, server, _time.GetTimestamp(), _options.CheckRto)
        {
            GatherBase = host,
            Component = host.Component,
        };
        StartTransactionLocked(transaction);
    }

    private async Task AllocateRelayAsync(IceTurnServer server, int component, int localPreference)
    {
        IIceRelay? relay = null;
        try
        {
            relay = await _network.AllocateRelayAsync(server, _disposing.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IceRelayException or SocketException or IOException or OperationCanceledException or TimeoutException)
        {
            Log.RelayFailed(_logger, server, e);
        }

        var dispose = false;
        lock (_gate)
        {
            if (_state == IceAgentState.Closed)
            {
                dispose = relay is not null;
            }
            else
            {
                if (relay is not null)
                {
                    _sockets.Add(relay);
                    var candidate = new IceCandidate(
                        FoundationFor(IceCandidateType.Relayed, relay.LocalEndPoint.Address, server.EndPoint.ToString()),
                        component,
                        IceTransportProtocol.Udp,
                        IcePriority.ForCandidate(IceCandidateType.Relayed, localPreference, component),
                        relay.LocalEndPoint,
                        IceCandidateType.Relayed,
                        relay.MappedEndPoint);
                    AddLocalLocked(new IceLocalCandidate(candidate, relay));
                    StartSocketLater(relay, component);
                    foreach (var remote in _remotes.Where(r => r.Component == component))
                    {
                        PermitLocked(remote);
                    }
                }

                GatherFinishedLocked();
            }
        }

        if (dispose)
        {
            await relay!.DisposeAsync().ConfigureAwait(false);
        }

        Flush();
    }

    private void OnGatherResponseLocked(IceTransaction transaction, ref StunMessageReader reader)
    {
        var host = transaction.GatherBase!;
        if (reader.Class == StunMessageClass.SuccessResponse && reader.TryGetXorMappedAddress(out var mapped))
        {
            var endPoint = mapped.ToIPEndPoint();
            if (!endPoint.Equals(host.Candidate.EndPoint) && !_locals.Any(l => l.Component == host.Component && l.Candidate.EndPoint.Equals(endPoint)))
            {
                var localPreference = (int)((host.Candidate.Priority >> 8) & 0xFFFF);
                var candidate = new IceCandidate(
                    FoundationFor(IceCandidateType.ServerReflexive, host.Candidate.EndPoint.Address, transaction.Destination.ToString()),
                    host.Component,
                    IceTransportProtocol.Udp,
                    IcePriority.ForCandidate(IceCandidateType.ServerReflexive, localPreference, host.Component),
                    endPoint,
                    IceCandidateType.ServerReflexive,
                    host.Candidate.EndPoint);
                AddLocalLocked(new IceLocalCandidate(candidate, host.Socket, host));
            }
        }
        else
        {
            Log.GatherFailed(_logger, transaction.Destination, reader.Class.ToString());
        }

        GatherFinishedLocked();
    }

    private void GatherFinishedLocked()
    {
        _pendingGathers--;
        if (_pendingGathers == 0)
        {
            GatheringDoneLocked();
        }
    }

    private void GatheringDoneLocked()
    {
        Log.GatheringCompleted(_logger, _locals.Count);
        _effects.Add(() => _gathered.TrySetResult());
        EvaluateFailureLocked();
    }

    private void AddLocalLocked(IceLocalCandidate local)
    {
        _locals.Add(local);
        if (local.Candidate.Type == IceCandidateType.PeerReflexive)
        {
            return;
        }

        Log.CandidateGathered(_logger, local.Candidate);
        _metrics.CandidateGathered(local.Candidate.Type);
        var candidate = local.Candidate;
        _effects.Add(() => CandidateGathered?.Invoke(this, new IceCandidateEventArgs(candidate)));
        // RFC 8445 §2.5: a lite agent forms no checklist.
        if (local.IsBase && !_options.Lite)
        {
            _checkList.AddLocal(local, _remotes);
            UpdateAllowedSourcesLocked();
        }
    }

    private bool AddRemoteLocked(IceCandidate candidate)
    {
        if (candidate.Component > _components.Length || _remotes.Count >= _options.MaxRemoteCandidates
            || _remotes.Any(r => r.EndPoint.Equals(candidate.EndPoint) && r.Component == candidate.Component && r.Transport == candidate.Transport))
        {
            return false;
        }

        _remotes.Add(candidate);
        if (!_options.Lite)
        {
            _checkList.AddRemote(candidate, _locals.Where(l => l.IsBase));
        }

        UpdateAllowedSourcesLocked();
        PermitLocked(candidate);
        return true;
    }

    /// <summary>RFC 8445 §5.1.1.2 / RFC 8656 §9: relays need a permission for each remote address before checks get through.</summary>
    private void PermitLocked(IceCandidate remote)
    {
        foreach (var local in _locals)
        {
            if (local.IsBase && local.Socket is IIceRelay relay && local.Component == remote.Component
                && relay.LocalEndPoint.AddressFamily == remote.EndPoint.AddressFamily)
            {
                var address = remote.EndPoint.Address;
                _effects.Add(() => relay.PermitPeer(address));
            }
        }
    }

    private void UpdateAllowedSourcesLocked()
    {
        foreach (var component in _components)
        {
            // The selected pair's remote stays allowed across an ICE restart until a new pair is selected.
            var sources = _remotes.Where(r => r.Component == component.Component).Select(r => r.EndPoint);
            if (component.Selected is { } selected)
            {
                sources = sources.Append(selected.Remote.EndPoint);
            }

            component.Path.SetAllowedSources([.. sources.Distinct()]);
        }
    }
}
