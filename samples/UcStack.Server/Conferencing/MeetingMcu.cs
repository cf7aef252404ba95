using Microsoft.Extensions.Options;
using UcStack.C3P;
using UcStack.Psom;

namespace UcStack.Server;

/// <summary>
/// The <c>meeting</c> MCU (web-conferencing content): a dial-in to it (C3P addUser with the meeting MCU URI)
/// returns, besides the MCU URIs, where the Psom server is and an admission token for it, signed with the key the
/// focus and the Psom server share and bound to the conference, the user and the role the focus gave them
/// (issue 9). Connection-info keys: <c>Psom-Url</c> (<c>psom://host:port/&lt;conference id&gt;</c>),
/// <c>Psom-User</c>, <c>Psom-Role</c> (<c>presenter</c> or <c>attendee</c>), <c>Psom-Token</c> (base64).
/// </summary>
internal sealed class MeetingMcu(IOptions<ServerOptions> options, PsomAdmissionKey key, PsomServerService psom, TimeProvider timeProvider)
{
    /// <summary>The MCU type.</summary>
    public const string McuType = ConferenceMeetingMcu.McuType;

    /// <summary>The connection-info for one dial-in (nothing for other MCUs).</summary>
    /// <exception cref="InvalidOperationException">The Psom server is not running (the dial-in then fails).</exception>
    public IReadOnlyList<ConnectionInfoEntry> ConnectionInfo(McuDialIn dialIn)
    {
        if (dialIn.McuType != McuType) return [];
        var url = psom.UrlFor(dialIn.ConferenceId) ?? throw new InvalidOperationException("The Psom server is not running.");
        var role = dialIn.IsPresenter ? PsomRole.Presenter : PsomRole.Attendee;
        var token = PsomAdmissionToken.Issue(key, dialIn.ConferenceId, dialIn.User, role, TimeSpan.FromMinutes(options.Value.Psom.TokenMinutes), timeProvider);
        return ConferenceMeetingMcu.ToConnectionInfo(new MeetingConnection(url, dialIn.User, dialIn.IsPresenter ? "presenter" : "attendee", token));
    }
}
