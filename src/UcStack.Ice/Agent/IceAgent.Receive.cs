using System.Net;
using System.Text;
using UcStack.Stun;

namespace UcStack.Ice;

public sealed partial class IceAgent
{
    private const int MaxStunLength = 1500;

    /// <summary>Every datagram of every socket enters here; RFC 7983 §7: first byte 0-3 is STUN, the rest is media.</summary>
    private void OnDatagram(IIceSocket socket, int component, ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        if (datagram.IsEmpty)
        {
            return;
        }

        if (datagram[0] > 3)
        {
            _components[component - 1].Path.Deliver(datagram, remote);
            return;
        }

        if (datagram.Length > MaxStunLength || !StunMessageReader.TryParse(datagram, out var reader, out var error))
        {
            Log.DroppedStun(_logger, remote, datagram.Length);
            return;
        }

        lock (_gate)
        {
            if (_state == IceAgentState.Closed)
            {
                return;
            }

            switch (reader.Class)
            {
                case StunMessageClass.Request when reader.Method == StunMethod.Binding:
                    OnRequestLocked(socket, component, ref reader, remote);
                    break;
                case StunMessageClass.SuccessResponse or StunMessageClass.ErrorResponse:
                    OnResponseLocked(socket, ref reader, remote);
                    break;
                default:
                    // RFC 8445 §11: Binding indications are keepalives; nothing to do.
                    break;
            }

            EvaluateFailureLocked();
        }

        Flush();
    }

    private void OnResponseLocked(IIceSocket socket, ref StunMessageReader reader, IPEndPoint remote)
    {
        if (!_transactions.TryGetValue(IceTransaction.KeyOf(reader.TransactionId), out var transaction) || reader.Method != StunMethod.Binding)
        {
            return;
        }

        if (reader.Contains(StunAttributeType.Fingerprint) && reader.VerifyFingerprint() != StunVerification.Ok)
        {
            return;
        }

        if (transaction.Kind == IceTransactionKind.Gather)
        {
            _transactions.Remove(transaction.Key);
            OnGatherResponseLocked(transaction, ref reader);
            return;
        }

        // RFC 8445 §7.2.5.1: responses are authenticated with the password the request was signed with; others are dropped.
        if (reader.VerifyMessageIntegrity(transaction.ResponseKey!) != StunVerification.Ok)
        {
            Log.UnauthenticatedResponse(_logger, remote);
            return;
        }

        _transactions.Remove(transaction.Key);
        var pair = transaction.Pair!;
        if (transaction.Kind == IceTransactionKind.Consent)
        {
            if (reader.Class == StunMessageClass.SuccessResponse)
            {
                var component = _components[transaction.Component - 1];
                if (ReferenceEquals(component.Selected, pair))
                {
                    component.LastConsentAt = _time.GetTimestamp();
                }
            }

            return;
        }

        if (transaction.UseCandidate && _components[pair.Component - 1].Nominating == pair)
        {
            _components[pair.Component - 1].Nominating = null;
        }

        // RFC 8445 §7.2.5.2.1: the response must come from where the request went and arrive where it left from.
        if (!remote.Equals(transaction.Destination) || !ReferenceEquals(socket, transaction.Socket))
        {
            _checkList.MarkFailed(pair);
            Log.PairFailed(_logger, pair, "asymmetric response");
            return;
        }

        if (reader.Class == StunMessageClass.ErrorResponse)
        {
            reader.TryGetErrorCode(out var code, out _);
            if (code == 487)
            {
                // RFC 8445 §7.2.5.1: role conflict: switch role if we still have the one the request carried, retry.
                if (transaction.SentAsControlling == (_role == IceRole.Controlling))
                {
                    SwitchRoleLocked(transaction.SentAsControlling ? IceRole.Controlled : IceRole.Controlling, "487 response");
                }

                pair.State = IceCandidatePairState.Waiting;
                _checkList.EnqueueTriggered(pair);
                return;
            }

            _checkList.MarkFailed(pair);
            Log.PairFailedWithError(_logger, pair, code);
            return;
        }

        if (!reader.TryGetXorMappedAddress(out var mappedAddress))
        {
            _checkList.MarkFailed(pair);
            Log.PairFailed(_logger, pair, "no XOR-MAPPED-ADDRESS");
            return;
        }

        OnCheckSucceededLocked(transaction, pair, mappedAddress.ToIPEndPoint());
    }

    /// <summary>RFC 8445 §7.2.5.3: discover a peer-reflexive local candidate, build the valid pair, unfreeze, nominate.</summary>
    private void OnCheckSucceededLocked(IceTransaction transaction, IceCheckPair pair, IPEndPoint mapped)
    {
        var baseCandidate = pair.Local.Base.Candidate;
        // RFC 6544 §4.5: an active TCP candidate's port means nothing (each connection gets its own), so the mapped
        // address of a check from it names the active candidate itself.
        var local = baseCandidate.TcpType == IceTcpType.Active
            ? pair.Local.Base
            : _locals.FirstOrDefault(l => l.Component == pair.Component && l.Candidate.Transport == baseCandidate.Transport && l.Candidate.EndPoint.Equals(mapped));
        if (local is null)
        {
            // RFC 8445 §7.2.5.3.1: the mapped address is new: a peer-reflexive local candidate with the PRIORITY we sent.
            var candidate = new IceCandidate(
                FoundationFor(IceCandidateType.PeerReflexive, baseCandidate.EndPoint.Address, string.Empty, baseCandidate.Transport, baseCandidate.TcpType),
                pair.Component,
                baseCandidate.Transport,
                transaction.SentPriority,
                mapped,
                IceCandidateType.PeerReflexive,
                baseCandidate.EndPoint,
                baseCandidate.TcpType);
            local = new IceLocalCandidate(candidate, pair.Local.Base.Socket, pair.Local.Base);
            AddLocalLocked(local);
            Log.PeerReflexiveLocal(_logger, candidate);
        }

        // RFC 8445 §7.2.5.3.2: the valid pair is (candidate at the mapped address, the remote candidate checked).
        IceCheckPair valid;
        if (ReferenceEquals(local, pair.Local))
        {
            valid = pair;
        }
        else
        {
            valid = _validPairs.FirstOrDefault(p => ReferenceEquals(p.Local, local) && p.Remote.EndPoint.Equals(pair.Remote.EndPoint))
                ?? new IceCheckPair(local, pair.Remote, _role == IceRole.Controlling) { State = IceCandidatePairState.Succeeded };
        }

        _checkList.MarkSucceeded(pair);
        valid.State = IceCandidatePairState.Succeeded;
        pair.ValidPair = valid;
        if (!valid.IsValid)
        {
            valid.IsValid = true;
            _validPairs.Add(valid);
            Log.PairValid(_logger, valid);
        }

        var component = _components[pair.Component - 1];
        if (component.FirstValidAt == long.MaxValue)
        {
            component.FirstValidAt = _time.GetTimestamp();
        }

        var nominated = (transaction.UseCandidate && transaction.SentAsControlling && _role == IceRole.Controlling)
            || (pair.NominateOnSuccess && _role == IceRole.Controlled);
        if (nominated)
        {
            valid.IsNominated = true;
            pair.NominateOnSuccess = false;
            SelectLocked(component);
        }
    }

    /// <summary>RFC 8445 §7.3: authenticate, resolve role conflicts, answer, learn peer-reflexive candidates, trigger checks.</summary>
    private void OnRequestLocked(IIceSocket socket, int componentId, ref StunMessageReader reader, IPEndPoint remote)
    {
        if (reader.Contains(StunAttributeType.Fingerprint) && reader.VerifyFingerprint() != StunVerification.Ok)
        {
            return;
        }

        // RFC 8489 §9.1.3: no USERNAME or MESSAGE-INTEGRITY → 400; wrong ufrag or integrity → 401.
        if (!reader.TryGetUsername(out var username) || !reader.Contains(StunAttributeType.MessageIntegrity))
        {
            SendErrorLocked(socket, ref reader, remote, 400, "Bad Request", null);
            return;
        }

        var colon = username.IndexOf((byte)':');
        var localPart = colon < 0 ? username : username[..colon];
        StunIntegrityKey? key = null;
        var current = false;
        if (localPart.SequenceEqual(Encoding.ASCII.GetBytes(_localUfrag)))
        {
            key = _localKey;
            current = true;
        }
        else if (_previousUfrag is not null && localPart.SequenceEqual(Encoding.ASCII.GetBytes(_previousUfrag)))
        {
            key = _previousKey;
        }

        if (key is null || reader.VerifyMessageIntegrity(key) != StunVerification.Ok)
        {
            SendErrorLocked(socket, ref reader, remote, 401, "Unauthorized", null);
            return;
        }

        if (reader.UnknownComprehensionRequiredCount > 0)
        {
            Span<ushort> unknown = stackalloc ushort[16];
            var count = reader.GetUnknownComprehensionRequired(unknown);
            SendErrorLocked(socket, ref reader, remote, 420, "Unknown Attribute", key, unknown[..count].ToArray());
            return;
        }

        if (!reader.TryGetPriority(out var priority))
        {
            SendErrorLocked(socket, ref reader, remote, 400, "Bad Request", key);
            return;
        }

        // RFC 8445 §7.3.1.1: role conflict. The larger tie-breaker keeps (or takes) the controlling role.
        if (_role == IceRole.Controlling && reader.TryGetIceControlling(out var theirs))
        {
            if (TieBreaker >= theirs)
            {
                SendErrorLocked(socket, ref reader, remote, 487, "Role Conflict", key);
                return;
            }

            SwitchRoleLocked(IceRole.Controlled, "ICE-CONTROLLING in request");
        }
        else if (_role == IceRole.Controlled && reader.TryGetIceControlled(out theirs))
        {
            // RFC 8445 §6.1.1: against a full agent a lite agent is always controlled, so the full peer must switch.
            if (TieBreaker >= theirs && !_options.Lite)
            {
                SwitchRoleLocked(IceRole.Controlling, "ICE-CONTROLLED in request");
            }
            else
            {
                SendErrorLocked(socket, ref reader, remote, 487, "Role Conflict", key);
                return;
            }
        }

        SendSuccessLocked(socket, ref reader, remote, key);
        Interlocked.Increment(ref _checksReceived);
        _metrics.CheckReceived();
        if (!current)
        {
            // A consent check of the pre-restart session: answered, not paired.
            return;
        }

        var local = _locals.FirstOrDefault(l => l.IsBase && ReferenceEquals(l.Socket, socket) && l.Component == componentId);
        if (local is null)
        {
            return;
        }

        // RFC 8445 §7.3.1.3: an unknown source address is a peer-reflexive remote candidate with the request's PRIORITY.
        var transport = local.Candidate.Transport;
        var remoteCandidate = _remotes.FirstOrDefault(r => r.Component == componentId && r.EndPoint.Equals(remote) && r.Transport == transport);
        if (remoteCandidate is null)
        {
            if (_remotes.Count >= _options.MaxRemoteCandidates && !EvictFailedPeerReflexiveLocked())
            {
                return;
            }

            _prflxCount++;
            // RFC 6544 §7.2: over TCP the source is the peer's end of the connection, so the peer-reflexive candidate
            // is active when it connected to our passive one, simultaneous-open when it came to our so candidate.
            var tcpType = local.Candidate.TcpType switch
            {
                IceTcpType.Passive => IceTcpType.Active,
                IceTcpType.Active => IceTcpType.Passive,
                var same => same,
            };
            remoteCandidate = new IceCandidate(
                "prflx" + _prflxCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                componentId,
                transport,
                priority,
                remote,
                IceCandidateType.PeerReflexive,
                tcpType: tcpType);
            _remotes.Add(remoteCandidate);
            UpdateAllowedSourcesLocked();
            PermitLocked(remoteCandidate);
            Log.PeerReflexiveRemote(_logger, remoteCandidate);
        }

        if (_options.Lite)
        {
            LiteNominationLocked(local, remoteCandidate, reader.HasUseCandidate);
            return;
        }

        // RFC 8445 §7.3.1.4: triggered check on the pair (receiving base, source).
        var pair = _checkList.Find(local, remoteCandidate) ?? _checkList.AddTriggeredPair(local, remoteCandidate);
        if (_checkList.EnqueueTriggered(pair))
        {
            RetransmitNowLocked(pair);
        }

        // RFC 8445 §7.3.1.5: USE-CANDIDATE from the controlling peer nominates the pair (at once if already valid).
        if (_role == IceRole.Controlled && reader.HasUseCandidate)
        {
            if (pair.State == IceCandidatePairState.Succeeded && pair.ValidPair is { } valid)
            {
                valid.IsNominated = true;
                SelectLocked(_components[componentId - 1]);
            }
            else
            {
                pair.NominateOnSuccess = true;
            }
        }
    }

    /// <summary>
    /// RFC 8445 §7.3.1.5 for a lite agent: no triggered check; a request with USE-CANDIDATE makes the pair (receiving
    /// base, source) valid and nominated at once, and the highest-priority nominated pair of the component is selected.
    /// </summary>
    private void LiteNominationLocked(IceLocalCandidate local, IceCandidate remote, bool useCandidate)
    {
        if (!useCandidate)
        {
            return;
        }

        var valid = _validPairs.FirstOrDefault(p => ReferenceEquals(p.Local, local) && ReferenceEquals(p.Remote, remote));
        if (valid is null)
        {
            valid = new IceCheckPair(local, remote, controlling: false) { State = IceCandidatePairState.Succeeded, IsValid = true };
            _validPairs.Add(valid);
            Log.PairValid(_logger, valid);
        }

        var component = _components[local.Component - 1];
        if (component.FirstValidAt == long.MaxValue)
        {
            component.FirstValidAt = _time.GetTimestamp();
        }

        valid.IsNominated = true;
        SelectLocked(component);
    }

    /// <summary>
    /// Makes room for a new peer-reflexive remote candidate by dropping the oldest one whose pairs all failed:
    /// NATs with address-and-port-dependent mapping mint a new port for every new destination, and those dead ends
    /// must not lock out the candidate that works.
    /// </summary>
    private bool EvictFailedPeerReflexiveLocked()
    {
        foreach (var remote in _remotes)
        {
            if (remote.Type == IceCandidateType.PeerReflexive && _checkList.AllFailed(remote)
                && !_validPairs.Any(p => ReferenceEquals(p.Remote, remote)))
            {
                _remotes.Remove(remote);
                _checkList.RemoveRemote(remote);
                return true;
            }
        }

        return false;
    }

    private void RetransmitNowLocked(IceCheckPair pair)
    {
        foreach (var transaction in _transactions.Values)
        {
            if (transaction.Kind == IceTransactionKind.Check && ReferenceEquals(transaction.Pair, pair) && !transaction.IsFinalWait)
            {
                // RFC 8489 §6.2.2: over a reliable transport the request in flight is not sent again.
                if (transaction.Socket is IceTcpSocket tcp && tcp.IsConnectedOrConnecting(transaction.Destination))
                {
                    return;
                }

                SendLater(transaction.Socket, transaction.Request, transaction.Destination);
                return;
            }
        }
    }

    private void SwitchRoleLocked(IceRole role, string reason, bool isConflict = true)
    {
        if (_role == role)
        {
            return;
        }

        _role = role;
        _checkList.SetRole(role == IceRole.Controlling);
        foreach (var valid in _validPairs)
        {
            valid.UpdatePriority(role == IceRole.Controlling);
        }

        if (isConflict)
        {
            _metrics.RoleConflict();
        }

        Log.RoleSwitched(_logger, role, reason);
    }

    private void SendSuccessLocked(IIceSocket socket, ref StunMessageReader request, IPEndPoint remote, StunIntegrityKey key)
    {
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, request.TransactionId);
        // RFC 8445 §7.3.1.2: the XOR-MAPPED-ADDRESS is the source of the request (a relay reports the peer's address).
        writer.AddXorMappedAddress(StunEndPoint.FromIPEndPoint(remote));
        if (_options.MsIce2Compatibility)
        {
            writer.AddImplementationVersion(MsIce2ImplementationVersion);
        }

        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        SendLater(socket, buffer[..writer.Complete()].ToArray(), remote);
    }

    private void SendErrorLocked(IIceSocket socket, ref StunMessageReader request, IPEndPoint remote, int code, string reason, StunIntegrityKey? key, ushort[]? unknown = null)
    {
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingErrorResponse, request.TransactionId);
        writer.AddErrorCode(code, reason);
        if (unknown is not null)
        {
            writer.AddUnknownAttributes(unknown);
        }

        if (_options.MsIce2Compatibility)
        {
            writer.AddImplementationVersion(MsIce2ImplementationVersion);
        }

        if (key is not null)
        {
            writer.AddMessageIntegrity(key);
        }

        writer.AddFingerprint();
        Log.ErrorSent(_logger, code, remote);
        SendLater(socket, buffer[..writer.Complete()].ToArray(), remote);
    }
}
