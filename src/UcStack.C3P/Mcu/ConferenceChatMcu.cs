namespace UcStack.C3P;

/// <summary>Where one chat message goes: the members to fan it out to, or why the sender was refused.</summary>
/// <param name="Refusal">Why the message is refused, or <see cref="C3PFailureReason.None"/>.</param>
/// <param name="ConferenceId">The conference, when found.</param>
/// <param name="Recipients">The other members of the chat MCU (empty when refused).</param>
public sealed record ChatRouting(C3PFailureReason Refusal, string? ConferenceId, IReadOnlyList<string> Recipients);

/// <summary>
/// The IM MCU (<c>chat</c>, [MS-CONFIM]) as routing rules over a focus factory: a participant joins it with addUser
/// naming the chat MCU URI; a message sent to that URI by a member who is not muted goes to every other member.
/// Transport-agnostic: the SIP binding carries the messages (MESSAGE).
/// </summary>
public sealed class ConferenceChatMcu
{
    /// <summary>The MCU type.</summary>
    public const string McuType = "chat";

    private readonly ConferenceFocusFactory _factory;

    /// <summary>Creates the MCU over <paramref name="factory"/>'s conferences.</summary>
    /// <param name="factory">The focus factory.</param>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    public ConferenceChatMcu(ConferenceFocusFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
    }

    /// <summary>Decides where a message from <paramref name="sender"/> to <paramref name="mcuUri"/> goes.</summary>
    /// <param name="mcuUri">The chat MCU URI the message was sent to.</param>
    /// <param name="sender">The sender's URI.</param>
    /// <param name="cancellationToken">Cancels store access.</param>
    /// <returns>The recipients, or the refusal: <see cref="C3PFailureReason.ConferenceDoesNotExist"/> (no such
    /// conference, or it has no chat MCU), <see cref="C3PFailureReason.UserDoesNotExist"/> /
    /// <see cref="C3PFailureReason.EndpointDoesNotExist"/> (not a member), <see cref="C3PFailureReason.Forbidden"/> (muted).</returns>
    public async Task<ChatRouting> RouteAsync(string mcuUri, string sender, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mcuUri);
        ArgumentNullException.ThrowIfNull(sender);
        if (!C3PAddress.TryParse(mcuUri, out var address) || address.Kind != C3PAddressKind.Mcu || address.McuType != McuType)
            return new(C3PFailureReason.ConferenceDoesNotExist, null, []);
        var focus = await _factory.GetFocusAsync(address.ConferenceId!, cancellationToken).ConfigureAwait(false);
        if (focus is null || !C3PAddress.SameUri(focus.Organizer, address.UserUri) || !focus.Record.McuTypes.Contains(McuType))
            return new(C3PFailureReason.ConferenceDoesNotExist, null, []);
        var refusal = focus.CheckMcuSender(sender, McuType);
        if (refusal != C3PFailureReason.None) return new(refusal, focus.ConferenceId, []);
        var recipients = focus.GetMcuMembers(McuType).Where(m => !C3PAddress.SameUri(m, sender)).ToList();
        return new(C3PFailureReason.None, focus.ConferenceId, recipients);
    }
}
