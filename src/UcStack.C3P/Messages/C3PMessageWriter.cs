using System.Globalization;

namespace UcStack.C3P;

/// <summary>Writes a C3P envelope and its command; the cccp namespace is the default, ci/msci/mscp are declared on the root.</summary>
internal static class C3PMessageWriter
{
    private const string Cccp = C3PNamespaces.Cccp;
    private const string Ci = C3PNamespaces.ConferenceInfo;
    private const string Msci = C3PNamespaces.MsConferenceInfo;
    private const string Mscp = C3PNamespaces.MsCccp;

    internal static void Write(XmlOutput output, C3PMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.Command);
        var response = message as C3PResponse;
        if (response is { Code: C3PResponseCode.Pending })
        {
            // [MS-CONFPRO] §2.2.3 allows only success and failure; pending is read tolerantly but never sent.
            throw new ArgumentException("a response with code pending cannot be written; use success or failure", nameof(message));
        }

        output.Start(Cccp, response is null ? "request" : "response");
        output.DeclareDefault(Cccp);
        output.DeclarePrefix("ci", Ci);
        output.DeclarePrefix("msci", Msci);
        output.DeclarePrefix("mscp", Mscp);
        output.Attribute("C3PVersion", message.C3PVersion);
        output.Attribute("requestId", message.RequestId.ToString(CultureInfo.InvariantCulture));
        output.Attribute("from", message.From);
        output.Attribute("to", message.To);
        if (response is not null)
        {
            output.Attribute("code", response.Code == C3PResponseCode.Success ? "success" : "failure");
            output.Attribute("reason", response.Reason);
        }

        output.Attributes(message.ExtraAttributes);
        WriteCommand(output, message.Command);
        output.End();
    }

    private static void WriteCommand(XmlOutput output, C3PCommand command)
    {
        if (command is UnknownC3PCommand unknown)
        {
            output.Start(unknown.Namespace, unknown.LocalName);
        }
        else
        {
            output.Start(Cccp, command.Name);
        }

        output.Attribute(Mscp, "mcuUri", command.McuUri);
        output.Attribute("reason", command.Reason);
        if (command is EndorseUserCommand endorse)
        {
            output.Attribute("result", endorse.Result);
        }

        output.Attributes(command.ExtraAttributes);
        switch (command)
        {
            case AddConferenceCommand c:
                WriteConferenceInfo(output, c.ConferenceInfo);
                break;
            case GetConferenceCommand c:
                WriteConferenceKeys(output, c.Keys);
                if (c.EncryptionCertificate is not null)
                {
                    output.Start(Msci, "encryption-key");
                    output.TextElement(Msci, "x509-certificate", c.EncryptionCertificate);
                    output.End();
                }

                WriteConferenceInfo(output, c.ConferenceInfo);
                break;
            case ModifyConferenceCommand c:
                WriteConferenceKeys(output, c.Keys);
                WriteConferenceInfo(output, c.ConferenceInfo);
                break;
            case DeleteConferenceCommand c:
                WriteConferenceKeys(output, c.Keys);
                WriteConferenceInfo(output, c.ConferenceInfo);
                break;
            case GetConferencesCommand c:
                foreach (var info in c.Conferences)
                {
                    WriteConferenceInfo(output, info);
                }

                break;
            case GetAvailableMcuTypesCommand c:
                if (c.McuTypes is { } types)
                {
                    output.Start(Cccp, "mcu-types");
                    foreach (var type in types)
                    {
                        output.TextElement(Cccp, "mcuType", type);
                    }

                    output.End();
                }

                break;
            case AddUserCommand c:
                WriteConferenceKeys(output, c.Keys);
                WriteUser(output, c.User);
                if (c.ConnectionInfo is { } entries)
                {
                    output.Start(Cccp, "connection-info");
                    foreach (var entry in entries)
                    {
                        output.Start(Cccp, "entry");
                        output.TextElement(Cccp, "key", entry.Key);
                        output.TextElement(Cccp, "value", entry.Value);
                        output.End();
                    }

                    output.End();
                }

                break;
            case EndorseUserCommand c:
                WriteConferenceKeys(output, c.Keys);
                WriteUser(output, c.User);
                break;
            case DeleteUserCommand c:
                WriteUserKeys(output, c.Keys);
                break;
            case ModifyUserRolesCommand c:
                WriteUserKeys(output, c.Keys);
                ConferenceInfoWriter.WriteEntries(output, Ci, "user-roles", c.Roles);
                break;
            case ModifyConferenceLockCommand c:
                WriteConferenceKeys(output, c.Keys);
                output.BooleanElement(Cccp, "locked", c.Locked);
                break;
            case ModifyEndpointMediaCommand c:
                WriteMediaKeys(output, c.Keys);
                if (c.Media is { } media)
                {
                    ConferenceInfoWriter.WriteMedia(output, media);
                }

                break;
            case SetLobbyAccessCommand c:
                WriteConferenceKeys(output, c.Keys);
                foreach (var user in c.UserEntities)
                {
                    output.TextElement(Cccp, "userEntity", user);
                }

                output.TextElement(Cccp, "access", c.Access);
                break;
        }

        output.Extensions(command.Extensions);
        output.End();
    }

    private static void WriteConferenceInfo(XmlOutput output, ConferenceInfoDocument? info)
    {
        if (info is not null)
        {
            ConferenceInfoWriter.Write(output, info, declare: false);
        }
    }

    private static void WriteUser(XmlOutput output, ConferenceUser? user)
    {
        if (user is not null)
        {
            ConferenceInfoWriter.WriteUser(output, user);
        }
    }

    private static void WriteConferenceKeys(XmlOutput output, ConferenceKeys? keys)
    {
        if (keys is null)
        {
            return;
        }

        output.Start(Cccp, "conferenceKeys");
        output.Attribute("confEntity", keys.ConfEntity);
        output.Attribute(Msci, "conference-id", keys.ConferenceId);
        output.Attributes(keys.ExtraAttributes);
        output.End();
    }

    private static void WriteUserKeys(XmlOutput output, UserKeys? keys)
    {
        if (keys is null)
        {
            return;
        }

        output.Start(Cccp, "userKeys");
        output.Attribute("confEntity", keys.ConfEntity);
        output.Attribute("userEntity", keys.UserEntity);
        output.Attributes(keys.ExtraAttributes);
        output.End();
    }

    private static void WriteMediaKeys(XmlOutput output, MediaKeys? keys)
    {
        if (keys is null)
        {
            return;
        }

        output.Start(Cccp, "mediaKeys");
        output.Attribute("confEntity", keys.ConfEntity);
        output.Attribute("userEntity", keys.UserEntity);
        output.Attribute("endpointEntity", keys.EndpointEntity);
        output.Attribute("mediaId", keys.MediaId);
        output.Attributes(keys.ExtraAttributes);
        output.End();
    }
}
