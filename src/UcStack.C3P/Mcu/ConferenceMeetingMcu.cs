using System.Diagnostics.CodeAnalysis;

namespace UcStack.C3P;

/// <summary>Where and how to reach a meeting MCU's content server, from a dial-in's connection-info.</summary>
/// <param name="ContentServerUrl">The content server's URL (UcStack: <c>psom://host:port/&lt;conference id&gt;</c>, TLS).</param>
/// <param name="User">The identity the admission token is bound to.</param>
/// <param name="Role">The role it grants: <c>presenter</c> or <c>attendee</c>.</param>
/// <param name="Token">The admission token.</param>
public sealed record MeetingConnection(string ContentServerUrl, string User, string Role, byte[] Token);

/// <summary>
/// The <c>meeting</c> MCU (web-conferencing content, [MS-CONFBAS] data MCU) as the focus sees it: a participant
/// dials in with addUser naming the meeting MCU URI, and the response's connection-info says where the content
/// server is and carries an admission token for it (issued by the focus's
/// <see cref="ConferenceFocusFactoryOptions.DialInConnectionInfo"/> handler). The content protocol itself (Psom) is
/// not C3P's business; this type only names the MCU and the connection-info keys, both ways.
/// </summary>
public static class ConferenceMeetingMcu
{
    /// <summary>The MCU type.</summary>
    public const string McuType = "meeting";

    /// <summary>connection-info key: the content server's URL.</summary>
    public const string ContentServerUrlKey = "Psom-Url";

    /// <summary>connection-info key: the identity the token is bound to.</summary>
    public const string UserKey = "Psom-User";

    /// <summary>connection-info key: the role the token grants.</summary>
    public const string RoleKey = "Psom-Role";

    /// <summary>connection-info key: the admission token, base64.</summary>
    public const string TokenKey = "Psom-Token";

    /// <summary>The connection-info entries a focus returns for a meeting dial-in.</summary>
    /// <param name="connection">What to return.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<ConnectionInfoEntry> ToConnectionInfo(MeetingConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return
        [
            new ConnectionInfoEntry { Key = ContentServerUrlKey, Value = connection.ContentServerUrl },
            new ConnectionInfoEntry { Key = UserKey, Value = connection.User },
            new ConnectionInfoEntry { Key = RoleKey, Value = connection.Role },
            new ConnectionInfoEntry { Key = TokenKey, Value = Convert.ToBase64String(connection.Token) },
        ];
    }

    /// <summary>The dial-in request to send to the focus (an <see cref="AddUserCommand"/> naming the meeting MCU).</summary>
    /// <param name="focusUri">The conference's focus URI.</param>
    /// <param name="userUri">The participant's URI.</param>
    /// <returns>The command.</returns>
    /// <exception cref="ArgumentException"><paramref name="focusUri"/> is not a focus URI.</exception>
    public static AddUserCommand DialIn(string focusUri, string userUri)
    {
        if (!C3PAddress.TryParse(focusUri, out var focus) || focus.Kind != C3PAddressKind.Focus) throw new ArgumentException("not a focus URI", nameof(focusUri));
        ArgumentException.ThrowIfNullOrEmpty(userUri);
        return new AddUserCommand
        {
            McuUri = C3PAddress.Mcu(focus.UserUri, McuType, focus.ConferenceId!),
            Keys = new ConferenceKeys { ConfEntity = focusUri },
            User = new ConferenceUser
            {
                Entity = userUri,
                Endpoints = ValueList.From([new ConferenceEndpoint { Entity = McuType + ":" + userUri }]),
            },
        };
    }

    /// <summary>Reads the content server connection from a dial-in response.</summary>
    /// <param name="response">The addUser response's command.</param>
    /// <param name="connection">The connection when this returns <see langword="true"/>.</param>
    /// <returns>Whether every key is present and the token is valid base64.</returns>
    public static bool TryReadConnection(AddUserCommand? response, [NotNullWhen(true)] out MeetingConnection? connection)
    {
        connection = null;
        if (response?.ConnectionInfo is not { } entries) return false;
        string? Value(string key) => entries.FirstOrDefault(e => e.Key == key)?.Value;
        if (Value(ContentServerUrlKey) is not { Length: > 0 } url || Value(UserKey) is not { Length: > 0 } user
            || Value(RoleKey) is not { Length: > 0 } role || Value(TokenKey) is not { Length: > 0 } text)
        {
            return false;
        }

        var token = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, token, out var length) || length == 0) return false;
        connection = new MeetingConnection(url, user, role, token[..length]);
        return true;
    }
}
