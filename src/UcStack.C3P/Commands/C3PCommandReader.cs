namespace UcStack.C3P;

/// <summary>Reads one command element: the attributes all commands share, then the children each command knows.</summary>
internal static class C3PCommandReader
{
    private const string Cccp = C3PNamespaces.Cccp;
    private const string Ci = C3PNamespaces.ConferenceInfo;
    private const string Msci = C3PNamespaces.MsConferenceInfo;
    private const string Mscp = C3PNamespaces.MsCccp;

    /// <summary>What a command element held, before it is shaped into its record.</summary>
    private sealed class Parts
    {
        public string? McuUri;
        public string? Reason;
        public string? Result;
        public List<XmlAttributeEntry>? ExtraAttributes;
        public List<XmlExtensionElement>? Extensions;
        public ConferenceKeys? ConferenceKeys;
        public UserKeys? UserKeys;
        public MediaKeys? MediaKeys;
        public List<ConferenceInfoDocument>? ConferenceInfos;
        public ConferenceUser? User;
        public ConferenceMedia? Media;
        public ValueList<string>? Roles;
        public bool? Locked;
        public ValueList<string>? McuTypes;
        public List<ConnectionInfoEntry>? ConnectionInfo;
        public string? EncryptionCertificate;
        public List<string>? UserEntities;
        public string? Access;
    }

    internal static C3PCommand Read(XmlInput input)
    {
        var ns = input.Namespace;
        var name = input.LocalName;
        var known = ns == Cccp && IsKnown(name);
        var parts = new Parts();
        while (input.NextAttribute(out var attrNs, out var attrName, out var value))
        {
            switch (attrNs, attrName)
            {
                case (Mscp, "mcuUri") when known:
                    parts.McuUri = value;
                    break;
                // The writer puts reason on every command element, unknown ones included (a focus answers them
                // notSupported), so it is read back from every one.
                case ("", "reason"):
                    parts.Reason = value;
                    break;
                case ("", "result") when known && name == "endorseUser":
                    parts.Result = value;
                    break;
                default:
                    XmlInput.Keep(ref parts.ExtraAttributes, attrNs, attrName, value);
                    break;
            }
        }

        if (input.Enter(out var depth))
        {
            while (input.NextChild(depth))
            {
                if (known)
                {
                    ReadChild(input, name, parts);
                }
                else
                {
                    input.KeepExtension(ref parts.Extensions);
                }
            }
        }

        return Build(ns, name, known, parts);
    }

    private static bool IsKnown(string name) => name is "addConference" or "getConference" or "modifyConference" or "deleteConference"
        or "getConferences" or "getAvailableMcuTypes" or "getConferencingCapabilities" or "addUser" or "endorseUser" or "deleteUser"
        or "modifyUserRoles" or "modifyConferenceLock" or "modifyEndpointMedia" or "setLobbyAccess";

    private static void ReadChild(XmlInput input, string command, Parts parts)
    {
        switch (input.Namespace, input.LocalName, command)
        {
            case (Cccp, "conferenceKeys", _):
                parts.ConferenceKeys = parts.ConferenceKeys is null ? ReadConferenceKeys(input) : throw input.Duplicate("conferenceKeys");
                break;
            case (Cccp, "userKeys", "deleteUser" or "modifyUserRoles"):
                parts.UserKeys = parts.UserKeys is null ? ReadUserKeys(input) : throw input.Duplicate("userKeys");
                break;
            case (Cccp, "mediaKeys", "modifyEndpointMedia"):
                parts.MediaKeys = parts.MediaKeys is null ? ReadMediaKeys(input) : throw input.Duplicate("mediaKeys");
                break;
            case (Ci, "conference-info", "addConference" or "getConference" or "modifyConference" or "deleteConference" or "getConferences"):
                if (parts.ConferenceInfos is { Count: > 0 } && command != "getConferences")
                {
                    throw input.Duplicate("conference-info");
                }

                (parts.ConferenceInfos ??= []).Add(ConferenceInfoReader.ReadConferenceInfo(input));
                break;
            case (Ci, "user", "addUser" or "endorseUser"):
                parts.User = parts.User is null ? ConferenceInfoReader.ReadUser(input) : throw input.Duplicate("user");
                break;
            case (Ci, "media", "modifyEndpointMedia"):
                parts.Media = parts.Media is null ? ConferenceInfoReader.ReadMedia(input) : throw input.Duplicate("media");
                break;
            case (Ci, "user-roles", "modifyUserRoles"):
                parts.Roles = parts.Roles is null ? ConferenceInfoReader.ReadEntries(input, Ci, "entry") : throw input.Duplicate("user-roles");
                break;
            case (Cccp, "locked", "modifyConferenceLock"):
                parts.Locked = parts.Locked is null ? input.ParseBoolean(input.ReadText(), "locked") : throw input.Duplicate("locked");
                break;
            case (Cccp, "mcu-types", "getAvailableMcuTypes"):
                parts.McuTypes = parts.McuTypes is null ? ConferenceInfoReader.ReadEntries(input, Cccp, "mcuType") : throw input.Duplicate("mcu-types");
                break;
            case (Cccp, "connection-info", "addUser"):
                parts.ConnectionInfo = parts.ConnectionInfo is null ? ReadConnectionInfo(input) : throw input.Duplicate("connection-info");
                break;
            case (Msci, "encryption-key", "getConference"):
                parts.EncryptionCertificate = parts.EncryptionCertificate is null ? ReadEncryptionKey(input) : throw input.Duplicate("encryption-key");
                break;
            case (Cccp, "userEntity", "setLobbyAccess"):
                (parts.UserEntities ??= []).Add(input.ReadText());
                break;
            case (Cccp, "access", "setLobbyAccess"):
                parts.Access = parts.Access is null ? input.ReadText() : throw input.Duplicate("access");
                break;
            default:
                input.KeepExtension(ref parts.Extensions);
                break;
        }
    }

    private static C3PCommand Build(string ns, string name, bool known, Parts p)
    {
        C3PCommand command = !known ? new UnknownC3PCommand(ns, name) : name switch
        {
            "addConference" => new AddConferenceCommand { ConferenceInfo = p.ConferenceInfos?[0] },
            "getConference" => new GetConferenceCommand { Keys = p.ConferenceKeys, EncryptionCertificate = p.EncryptionCertificate, ConferenceInfo = p.ConferenceInfos?[0] },
            "modifyConference" => new ModifyConferenceCommand { Keys = p.ConferenceKeys, ConferenceInfo = p.ConferenceInfos?[0] },
            "deleteConference" => new DeleteConferenceCommand { Keys = p.ConferenceKeys, ConferenceInfo = p.ConferenceInfos?[0] },
            "getConferences" => new GetConferencesCommand { Conferences = XmlInput.ToList(p.ConferenceInfos) },
            "getAvailableMcuTypes" => new GetAvailableMcuTypesCommand { McuTypes = p.McuTypes },
            "getConferencingCapabilities" => new GetConferencingCapabilitiesCommand(),
            "addUser" => new AddUserCommand { Keys = p.ConferenceKeys, User = p.User, ConnectionInfo = p.ConnectionInfo is null ? null : XmlInput.ToList(p.ConnectionInfo) },
            "endorseUser" => new EndorseUserCommand { Keys = p.ConferenceKeys, User = p.User, Result = p.Result },
            "deleteUser" => new DeleteUserCommand { Keys = p.UserKeys },
            "modifyUserRoles" => new ModifyUserRolesCommand { Keys = p.UserKeys, Roles = p.Roles },
            "modifyConferenceLock" => new ModifyConferenceLockCommand { Keys = p.ConferenceKeys, Locked = p.Locked },
            "modifyEndpointMedia" => new ModifyEndpointMediaCommand { Keys = p.MediaKeys, Media = p.Media },
            "setLobbyAccess" => new SetLobbyAccessCommand { Keys = p.ConferenceKeys, UserEntities = XmlInput.ToList(p.UserEntities), Access = p.Access },
            _ => throw new InvalidOperationException("IsKnown and Build disagree on " + name),
        };

        return command with
        {
            McuUri = p.McuUri,
            Reason = p.Reason,
            Extensions = XmlInput.ToList(p.Extensions),
            ExtraAttributes = XmlInput.ToList(p.ExtraAttributes),
        };
    }

    /// <summary>Checks that a request carries what its command cannot do without.</summary>
    internal static void CheckRequest(XmlInput input, C3PCommand command)
    {
        var missing = command switch
        {
            AddConferenceCommand { ConferenceInfo: null } => "conference-info",
            GetConferenceCommand { Keys: null } => "conferenceKeys",
            ModifyConferenceCommand { ConferenceInfo: null } => "conference-info",
            DeleteConferenceCommand { Keys: null } => "conferenceKeys",
            AddUserCommand { Keys: null } => "conferenceKeys",
            AddUserCommand { User: null } => "user",
            DeleteUserCommand { Keys: null } => "userKeys",
            ModifyUserRolesCommand { Keys: null } => "userKeys",
            ModifyUserRolesCommand { Roles: null } => "user-roles",
            ModifyConferenceLockCommand { Keys: null } => "conferenceKeys",
            ModifyConferenceLockCommand { Locked: null } => "locked",
            ModifyEndpointMediaCommand { Keys: null } => "mediaKeys",
            ModifyEndpointMediaCommand { Media: null } => "media",
            SetLobbyAccessCommand { Keys: null } => "conferenceKeys",
            _ => null,
        };
        if (missing is not null)
        {
            throw input.Error(C3PParseErrorReason.MissingElement, $"a {command.Name} request needs <{missing}>");
        }
    }

    private static void NoContent(XmlInput input, string element)
    {
        if (input.Enter(out var depth) && input.NextChild(depth))
        {
            throw input.Error(C3PParseErrorReason.UnexpectedElement, $"<{input.LocalName}> inside <{element}>, which is empty");
        }
    }

    private static ConferenceKeys ReadConferenceKeys(XmlInput input)
    {
        string? confEntity = null, conferenceId = null;
        List<XmlAttributeEntry>? extra = null;
        while (input.NextAttribute(out var ns, out var name, out var value))
        {
            switch (ns, name)
            {
                case ("", "confEntity"):
                    confEntity = value;
                    break;
                case (Msci, "conference-id"):
                    conferenceId = value;
                    break;
                default:
                    XmlInput.Keep(ref extra, ns, name, value);
                    break;
            }
        }

        NoContent(input, "conferenceKeys");
        return new ConferenceKeys { ConfEntity = confEntity, ConferenceId = conferenceId, ExtraAttributes = XmlInput.ToList(extra) };
    }

    private static UserKeys ReadUserKeys(XmlInput input)
    {
        string? confEntity = null, userEntity = null;
        List<XmlAttributeEntry>? extra = null;
        while (input.NextAttribute(out var ns, out var name, out var value))
        {
            switch (ns, name)
            {
                case ("", "confEntity"):
                    confEntity = value;
                    break;
                case ("", "userEntity"):
                    userEntity = value;
                    break;
                default:
                    XmlInput.Keep(ref extra, ns, name, value);
                    break;
            }
        }

        var keys = new UserKeys
        {
            ConfEntity = confEntity ?? throw input.MissingAttribute("userKeys", "confEntity"),
            UserEntity = userEntity ?? throw input.MissingAttribute("userKeys", "userEntity"),
            ExtraAttributes = XmlInput.ToList(extra),
        };
        NoContent(input, "userKeys");
        return keys;
    }

    private static MediaKeys ReadMediaKeys(XmlInput input)
    {
        string? confEntity = null, userEntity = null, endpointEntity = null, mediaId = null;
        List<XmlAttributeEntry>? extra = null;
        while (input.NextAttribute(out var ns, out var name, out var value))
        {
            switch (ns, name)
            {
                case ("", "confEntity"):
                    confEntity = value;
                    break;
                case ("", "userEntity"):
                    userEntity = value;
                    break;
                case ("", "endpointEntity"):
                    endpointEntity = value;
                    break;
                case ("", "mediaId"):
                    mediaId = value;
                    break;
                default:
                    XmlInput.Keep(ref extra, ns, name, value);
                    break;
            }
        }

        var keys = new MediaKeys
        {
            ConfEntity = confEntity ?? throw input.MissingAttribute("mediaKeys", "confEntity"),
            UserEntity = userEntity ?? throw input.MissingAttribute("mediaKeys", "userEntity"),
            EndpointEntity = endpointEntity ?? throw input.MissingAttribute("mediaKeys", "endpointEntity"),
            MediaId = mediaId ?? throw input.MissingAttribute("mediaKeys", "mediaId"),
            ExtraAttributes = XmlInput.ToList(extra),
        };
        NoContent(input, "mediaKeys");
        return keys;
    }

    /// <summary>Refuses attributes on an element whose model has nowhere to keep them (rather than dropping them).</summary>
    private static void NoAttributes(XmlInput input)
    {
        var element = input.LocalName;
        if (input.NextAttribute(out var ns, out var name, out _))
        {
            throw input.Error(C3PParseErrorReason.InvalidAttribute, $"<{element}> takes no attributes; found {{{ns}}}{name}");
        }
    }

    private static List<ConnectionInfoEntry> ReadConnectionInfo(XmlInput input)
    {
        NoAttributes(input);
        var entries = new List<ConnectionInfoEntry>();
        if (!input.Enter(out var depth))
        {
            return entries;
        }

        while (input.NextChild(depth))
        {
            if (input.Namespace != Cccp || input.LocalName != "entry")
            {
                throw input.Error(C3PParseErrorReason.UnexpectedElement, $"<{input.LocalName}> inside <connection-info>, which holds only <entry>");
            }

            NoAttributes(input);
            string? key = null, value = null;
            if (input.Enter(out var entryDepth))
            {
                while (input.NextChild(entryDepth))
                {
                    switch (input.Namespace, input.LocalName)
                    {
                        case (Cccp, "key"):
                            key = key is null ? input.ReadText() : throw input.Duplicate("key");
                            break;
                        case (Cccp, "value"):
                            value = value is null ? input.ReadText() : throw input.Duplicate("value");
                            break;
                        default:
                            throw input.Error(C3PParseErrorReason.UnexpectedElement, $"<{input.LocalName}> inside a connection-info <entry>, which holds <key> and <value>");
                    }
                }
            }

            entries.Add(new ConnectionInfoEntry
            {
                Key = key ?? throw input.Error(C3PParseErrorReason.MissingElement, "a connection-info <entry> needs a <key>"),
                Value = value ?? string.Empty,
            });
        }

        return entries;
    }

    private static string ReadEncryptionKey(XmlInput input)
    {
        NoAttributes(input);
        string? certificate = null;
        if (input.Enter(out var depth))
        {
            while (input.NextChild(depth))
            {
                if (input.Namespace == Msci && input.LocalName == "x509-certificate" && certificate is null)
                {
                    certificate = input.ReadText();
                }
                else
                {
                    throw input.Error(C3PParseErrorReason.UnexpectedElement, $"<{input.LocalName}> inside <encryption-key>, which holds one <x509-certificate>");
                }
            }
        }

        return certificate ?? throw input.Error(C3PParseErrorReason.MissingElement, "<encryption-key> needs an <x509-certificate>");
    }
}
