using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using UcStack.Sip;
using UcStack.Sip.Stack;

namespace UcStack.Tool.Demo;

/// <summary>
/// The demo's registrar (RFC 3261 §10.3) with an in-memory location service: every REGISTER is digest-challenged
/// (RFC 8760) until it carries valid credentials, then its Contact is bound to the address of record in To.
/// Other requests get 405. Small on purpose: one contact per address of record, no q-values.
/// </summary>
internal sealed class Registrar(DigestAuthenticator authenticator)
{
    private const uint MaxExpires = 300;
    private readonly ConcurrentDictionary<string, string> _bindings = new(StringComparer.OrdinalIgnoreCase);
    private int _challenges;

    /// <summary>How many 401 challenges were sent.</summary>
    public int Challenges => Volatile.Read(ref _challenges);

    /// <summary>Finds the contact bound to an address of record.</summary>
    public bool TryLookup(string addressOfRecord, [NotNullWhen(true)] out string? contact) => _bindings.TryGetValue(addressOfRecord, out contact);

    /// <summary>Handles a request that arrived outside any dialog.</summary>
    public async Task HandleAsync(SipIncomingRequest incoming)
    {
        var request = incoming.Request;
        if (request.Method != "REGISTER")
        {
            await incoming.RespondAsync(405, null, [new("Allow", "REGISTER")]).ConfigureAwait(false);
            return;
        }

        var verification = await incoming.AuthenticateAsync(authenticator).ConfigureAwait(false);
        if (!verification.IsAuthenticated)
        {
            // AuthenticateAsync already answered with the 401 challenge.
            Interlocked.Increment(ref _challenges);
            return;
        }

        var addressOfRecord = request.To.Uri?.ToString();
        var contact = request.Contacts.Count == 1 ? request.Contacts[0] : null;
        if (addressOfRecord is null || contact?.Uri is null)
        {
            await incoming.RespondAsync(400, "One Contact Expected").ConfigureAwait(false);
            return;
        }

        // RFC 3261 §10.3 steps 7–8: the lifetime is the Contact's expires, else the Expires header; we cap it, and
        // zero removes the binding. The 200 lists the binding with the lifetime granted.
        var expires = Math.Min(contact.Expires ?? request.Expires ?? 3600, MaxExpires);
        var contactUri = contact.Uri.ToString();
        if (expires == 0)
        {
            _bindings.TryRemove(addressOfRecord, out _);
            await incoming.RespondAsync(200).ConfigureAwait(false);
            return;
        }

        _bindings[addressOfRecord] = contactUri;
        await incoming.RespondAsync(200, null, [new("Contact", $"<{contactUri}>;expires={expires}")]).ConfigureAwait(false);
    }
}
