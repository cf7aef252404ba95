using System.Security.Cryptography;
using System.Text;
using UcStack.Stun;

namespace UcStack.Ice;

public sealed partial class IceAgent
{
    private void OnTick()
    {
        lock (_gate)
        {
            if (_state == IceAgentState.Closed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            RetransmitLocked(now);
            // RFC 8445 §2.5: a lite agent never sends connectivity checks.
            if (!_options.Lite && _remoteKey is not null && now >= _nextCheckAt)
            {
                // RFC 8445 §6.1.4.2: one new check per Ta; a nomination takes the slot before ordinary checks.
                if (NominateLocked(now) || SendNextCheckLocked())
                {
                    _nextCheckAt = now + ToTimestamp(_options.Ta);
                }
            }

            ConsentLocked(now);
            EvaluateFailureLocked();
        }

        Flush();
    }

    private bool SendNextCheckLocked()
    {
        var pair = _checkList.NextCheck();
        if (pair is null)
        {
            return false;
        }

        // RFC 5245 §8.1.1.2: with aggressive nomination the controlling agent sets USE-CANDIDATE on every check.
        SendCheckLocked(pair, useCandidate: _role == IceRole.Controlling && _options.Nomination == IceNomination.Aggressive);
        return true;
    }

    private void SendCheckLocked(IceCheckPair pair, bool useCandidate)
    {
        var local = pair.Local;
        // RFC 8445 §7.2.2: PRIORITY is what a peer-reflexive candidate learned from this check would get.
        var localPreference = (int)((local.Base.Candidate.Priority >> 8) & 0xFFFF);
        var priority = IcePriority.ForCandidate(IceCandidateType.PeerReflexive, localPreference, local.Component);
        var controlling = _role == IceRole.Controlling;
        var request = BuildCheck(local.Candidate.Foundation, priority, controlling, useCandidate, _remoteUfrag!, _localUfrag, _remoteKey!);
        var transaction = new IceTransaction(IceTransactionKind.Check, request, local.Base.Socket, pair.Remote.EndPoint, _time.GetTimestamp(), _options.CheckRto)
        {
            Pair = pair,
            UseCandidate = useCandidate,
            SentAsControlling = controlling,
            SentPriority = priority,
            ResponseKey = _remoteKey,
            Component = pair.Component,
        };
        Interlocked.Increment(ref _checksSent);
        _metrics.CheckSent();
        Log.CheckSent(_logger, pair, useCandidate);
        StartTransactionLocked(transaction);
    }

    private byte[] BuildCheck(string localFoundation, uint priority, bool controlling, bool useCandidate, string remoteUfrag, string localUfrag, StunIntegrityKey key)
    {
        Span<byte> transactionId = stackalloc byte[12];
        StunMessageWriter.GenerateTransactionId(transactionId);
        Span<byte> buffer = stackalloc byte[1200];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId);
        // RFC 8445 §7.2.2: USERNAME is "remote ufrag:local ufrag", short-term credentials with the peer's password.
        writer.AddUsername(remoteUfrag + ":" + localUfrag);
        writer.AddPriority(priority);
        if (controlling)
        {
            writer.AddIceControlling(TieBreaker);
        }
        else
        {
            writer.AddIceControlled(TieBreaker);
        }

        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        if (_options.MsIce2Compatibility)
        {
            // MS-ICE2: IMPLEMENTATION-VERSION in every Binding request, CANDIDATE-IDENTIFIER naming the local candidate.
            writer.AddImplementationVersion(MsIce2ImplementationVersion);
            Span<byte> identifier = stackalloc byte[IceCandidate.MaxFoundationLength];
            var length = Encoding.ASCII.GetBytes(localFoundation, identifier);
            writer.AddCandidateIdentifier(identifier[..length]);
        }

        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        return buffer[..writer.Complete()].ToArray();
    }

    private void StartTransactionLocked(IceTransaction transaction)
    {
        transaction.NextAt = transaction.StartedAt + ToTimestamp(transaction.Interval);
        _transactions[transaction.Key] = transaction;
        SendLater(transaction.Socket, transaction.Request, transaction.Destination);
    }

    /// <summary>RFC 8489 §6.2.1: resend after RTO, 2·RTO, 4·RTO…; after the Rc-th send wait Rm·RTO, then time out.</summary>
    private void RetransmitLocked(long now)
    {
        List<IceTransaction>? expired = null;
        foreach (var transaction in _transactions.Values)
        {
            if (now < transaction.NextAt)
            {
                continue;
            }

            var maxSends = transaction.Kind == IceTransactionKind.Consent ? Math.Min(3, _options.MaxRequestCount) : _options.MaxRequestCount;
            if (transaction.IsFinalWait || transaction.SentCount >= maxSends && transaction.Kind == IceTransactionKind.Consent)
            {
                (expired ??= []).Add(transaction);
                continue;
            }

            if (transaction.SentCount >= maxSends)
            {
                transaction.IsFinalWait = true;
                transaction.NextAt = now + ToTimestamp(transaction.InitialRto * 16);
                continue;
            }

            transaction.SentCount++;
            transaction.Interval *= 2;
            transaction.NextAt = now + ToTimestamp(transaction.Interval);
            // RFC 8489 §6.2.2: no retransmission over a reliable transport. Over ICE-TCP the schedule still runs (it
            // times the check out), and the request is sent again only to reopen a connection that failed.
            if (transaction.Socket is IceTcpSocket tcp && tcp.IsConnectedOrConnecting(transaction.Destination))
            {
                continue;
            }

            _metrics.Retransmitted();
            SendLater(transaction.Socket, transaction.Request, transaction.Destination);
        }

        if (expired is null)
        {
            return;
        }

        foreach (var transaction in expired)
        {
            _transactions.Remove(transaction.Key);
            switch (transaction.Kind)
            {
                case IceTransactionKind.Gather:
                    Log.GatherFailed(_logger, transaction.Destination, "timeout");
                    GatherFinishedLocked();
                    break;
                case IceTransactionKind.Check:
                    // RFC 8445 §7.2.5.2.2: a check that times out fails its pair.
                    var pair = transaction.Pair!;
                    if (pair.State == IceCandidatePairState.InProgress)
                    {
                        _checkList.MarkFailed(pair);
                        Log.PairFailed(_logger, pair, "timeout");
                    }

                    if (transaction.UseCandidate && _components[pair.Component - 1].Nominating == pair)
                    {
                        _components[pair.Component - 1].Nominating = null;
                    }

                    break;
                case IceTransactionKind.Consent:
                    // RFC 7675 §5.1: a lost consent request is not fatal; only the 30 s without any response is.
                    break;
            }
        }
    }

    /// <summary>
    /// Regular nomination (RFC 8445 §8.1.1): once a component has a valid pair and either no higher-priority pair
    /// is still pending or <see cref="IceAgentOptions.NominationDelay"/> has passed, the controlling agent repeats
    /// the check of the best valid pair with USE-CANDIDATE.
    /// </summary>
    private bool NominateLocked(long now)
    {
        if (_role != IceRole.Controlling || _options.Nomination == IceNomination.Aggressive)
        {
            return false;
        }

        foreach (var component in _components)
        {
            if (component.Nominating is not null || _validPairs.Any(p => p.Component == component.Component && p.IsNominated))
            {
                continue;
            }

            IceCheckPair? best = null;
            foreach (var pair in _validPairs)
            {
                if (pair.Component == component.Component && (best is null || pair.Priority > best.Priority))
                {
                    best = pair;
                }
            }

            if (best is null)
            {
                continue;
            }

            var waited = now - component.FirstValidAt >= ToTimestamp(_options.NominationDelay);
            if (!waited && _checkList.HasPending(component.Component, best.Priority))
            {
                continue;
            }

            component.Nominating = best;
            Log.Nominating(_logger, best);
            SendCheckLocked(best, useCandidate: true);
            return true;
        }

        return false;
    }

    private void ConsentLocked(long now)
    {
        // RFC 7675 is for full agents: a lite agent answers consent checks but sends none.
        if (_options.Lite)
        {
            return;
        }

        foreach (var component in _components)
        {
            var selected = component.Selected;
            if (selected is null || component.ConsentLost)
            {
                continue;
            }

            if (now - component.LastConsentAt > ToTimestamp(_options.ConsentTimeout))
            {
                // RFC 7675 §5.1: consent expired: stop sending on the pair and tell the application.
                component.ConsentLost = true;
                component.Path.SetConsentLost();
                _metrics.ConsentLost();
                Log.ConsentExpired(_logger, component.Component, selected);
                var snapshot = selected.ToSnapshot();
                var id = component.Component;
                _effects.Add(() => ConsentLost?.Invoke(this, new IcePairEventArgs(id, snapshot)));
                SetState(IceAgentState.Failed);
                continue;
            }

            if (now < component.NextConsentAt)
            {
                continue;
            }

            component.NextConsentAt = now + NextConsentDelay();
            var key = _remoteKey ?? _consentKey;
            var remoteUfrag = _remoteUfrag ?? _consentRemoteUfrag;
            if (key is null || remoteUfrag is null)
            {
                continue;
            }

            var request = BuildCheck(selected.Local.Candidate.Foundation, selected.Local.Candidate.Priority, _role == IceRole.Controlling, false, remoteUfrag, _consentLocalUfrag ?? _localUfrag, key);
            StartTransactionLocked(new IceTransaction(IceTransactionKind.Consent, request, selected.Local.Socket, selected.Remote.EndPoint, now, _options.CheckRto)
            {
                Pair = selected,
                ResponseKey = key,
                Component = component.Component,
            });
        }
    }

    private long NextConsentDelay()
    {
        // RFC 7675 §5.1: the interval is randomized over [0.8, 1.2] of the nominal 5 s, to avoid synchronized bursts.
        var factor = 0.8 + (0.4 * RandomNumberGenerator.GetInt32(1001) / 1000.0);
        return ToTimestamp(_options.ConsentInterval * factor);
    }

    private void SelectLocked(IceComponentState component)
    {
        IceCheckPair? best = null;
        foreach (var pair in _validPairs)
        {
            if (pair.Component == component.Component && pair.IsNominated && (best is null || pair.Priority > best.Priority))
            {
                best = pair;
            }
        }

        if (best is null || ReferenceEquals(best, component.Selected))
        {
            return;
        }

        if (_role == IceRole.Controlling && _options.Nomination == IceNomination.Aggressive)
        {
            StopLowerChecksLocked(best);
        }

        var now = _time.GetTimestamp();
        component.Selected = best;
        component.ConsentLost = false;
        component.LastConsentAt = now;
        component.NextConsentAt = now + NextConsentDelay();
        _consentKey = _remoteKey;
        _consentRemoteUfrag = _remoteUfrag;
        _consentLocalUfrag = _localUfrag;
        component.Path.SetPair(best);
        UpdateAllowedSourcesLocked();
        _metrics.PairSelected(best.Local.Candidate.Type);
        var snapshot = best.ToSnapshot();
        Log.PairSelected(_logger, component.Component, best);
        var id = component.Component;
        _effects.Add(() => PairSelected?.Invoke(this, new IcePairEventArgs(id, snapshot)));
        if (_components.All(c => c.Selected is not null && !c.ConsentLost && _validPairs.Contains(c.Selected)))
        {
            _previousKey?.Dispose();
            _previousKey = null;
            _previousUfrag = null;
            SetState(IceAgentState.Completed);
        }
    }

    /// <summary>RFC 8445 §8.1.2: the checklist fails when a component has no valid pair and nothing is left to try.</summary>
    private void EvaluateFailureLocked()
    {
        // A lite agent has no checklist: it cannot tell failure from a peer that has not checked yet (RFC 8445 §2.5).
        if (_options.Lite || _state != IceAgentState.Checking || !_remoteEndOfCandidates || _pendingGathers > 0 || _checkList.TriggeredCount > 0)
        {
            return;
        }

        foreach (var component in _components)
        {
            if (_validPairs.Any(p => p.Component == component.Component) || _checkList.HasPending(component.Component)
                || _transactions.Values.Any(t => t.Kind == IceTransactionKind.Check && t.Component == component.Component))
            {
                continue;
            }

            Log.ComponentFailed(_logger, component.Component);
            SetState(IceAgentState.Failed);
            return;
        }
    }

    /// <summary>
    /// RFC 5245 §8.1.2 (aggressive nomination): once a component has a nominated pair, its Waiting and Frozen pairs
    /// are dropped and In-Progress checks of lower priority stop; higher-priority checks in progress may still
    /// succeed and replace the selection.
    /// </summary>
    private void StopLowerChecksLocked(IceCheckPair nominated)
    {
        _checkList.StopPending(nominated.Component);
        foreach (var key in _transactions
            .Where(t => t.Value.Kind == IceTransactionKind.Check && t.Value.Component == nominated.Component
                && t.Value.Pair is { } pair && pair.Priority < nominated.Priority && !ReferenceEquals(pair, nominated) && !ReferenceEquals(pair.ValidPair, nominated))
            .Select(t => t.Key)
            .ToList())
        {
            var pair = _transactions[key].Pair!;
            _transactions.Remove(key);
            if (pair.State == IceCandidatePairState.InProgress)
            {
                _checkList.MarkFailed(pair);
            }
        }
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);
}
