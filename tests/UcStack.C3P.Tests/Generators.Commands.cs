using FsCheck;
using FsCheck.Fluent;

namespace UcStack.C3P.Tests;

/// <summary>Generators for C3P envelopes and every command.</summary>
internal static partial class Generators
{
    public static Gen<ConferenceKeys> ConferenceKeys =>
        from conf in OrNull(Text)
        from id in OrNull(Text)
        from extra in ExtraAttributes
        select new ConferenceKeys { ConfEntity = conf, ConferenceId = id, ExtraAttributes = extra };

    public static Gen<UserKeys> UserKeys =>
        from conf in Text
        from user in Text
        from extra in ExtraAttributes
        select new UserKeys { ConfEntity = conf, UserEntity = user, ExtraAttributes = extra };

    public static Gen<MediaKeys> MediaKeys =>
        from conf in Text
        from user in Text
        from endpoint in Text
        from media in Text
        from extra in ExtraAttributes
        select new MediaKeys { ConfEntity = conf, UserEntity = user, EndpointEntity = endpoint, MediaId = media, ExtraAttributes = extra };

    private static Gen<C3PCommand> Body => Gen.OneOf(
        OrNull(ConferenceInfo).Select(i => (C3PCommand)new AddConferenceCommand { ConferenceInfo = i }),
        from keys in OrNull(ConferenceKeys)
        from cert in OrNull(Text)
        from info in OrNull(ConferenceInfo)
        select (C3PCommand)new GetConferenceCommand { Keys = keys, EncryptionCertificate = cert, ConferenceInfo = info },
        from keys in OrNull(ConferenceKeys)
        from info in OrNull(ConferenceInfo)
        select (C3PCommand)new ModifyConferenceCommand { Keys = keys, ConferenceInfo = info },
        from keys in OrNull(ConferenceKeys)
        from info in OrNull(ConferenceInfo)
        select (C3PCommand)new DeleteConferenceCommand { Keys = keys, ConferenceInfo = info },
        ListOf(ConferenceInfo, 2).Select(list => (C3PCommand)new GetConferencesCommand { Conferences = list }),
        OrNull(ListOf(Text, 3)).Select(types => (C3PCommand)new GetAvailableMcuTypesCommand { McuTypes = types }),
        Gen.Constant((C3PCommand)new GetConferencingCapabilitiesCommand()),
        from keys in OrNull(ConferenceKeys)
        from user in OrNull(User)
        from info in OrNull(ListOf(from k in Text from v in Text select new ConnectionInfoEntry { Key = k, Value = v }, 3))
        select (C3PCommand)new AddUserCommand { Keys = keys, User = user, ConnectionInfo = info },
        from keys in OrNull(ConferenceKeys)
        from user in OrNull(User)
        from result in OrNull(Gen.Elements("success", "otherFailure"))
        select (C3PCommand)new EndorseUserCommand { Keys = keys, User = user, Result = result },
        OrNull(UserKeys).Select(keys => (C3PCommand)new DeleteUserCommand { Keys = keys }),
        from keys in OrNull(UserKeys)
        from roles in Roles
        select (C3PCommand)new ModifyUserRolesCommand { Keys = keys, Roles = roles },
        from keys in OrNull(ConferenceKeys)
        from locked in OrNullValue(Bool)
        select (C3PCommand)new ModifyConferenceLockCommand { Keys = keys, Locked = locked },
        from keys in OrNull(MediaKeys)
        from media in OrNull(Media)
        select (C3PCommand)new ModifyEndpointMediaCommand { Keys = keys, Media = media },
        from keys in OrNull(ConferenceKeys)
        from users in ListOf(Text, 2)
        from access in OrNull(Gen.Elements("granted", "denied"))
        select (C3PCommand)new SetLobbyAccessCommand { Keys = keys, UserEntities = users, Access = access },
        from ns in Gen.Elements(C3PNamespaces.Cccp, "urn:example:a")
        from name in Gen.Elements("futureCommand", "getEncryptionKey")
        select (C3PCommand)new UnknownC3PCommand(ns, name));

    public static Gen<C3PCommand> Command =>
        from body in Body
        from mcu in body is UnknownC3PCommand ? Gen.Constant<string?>(null) : OrNull(Text)
        from reason in OrNull(Gen.OneOf(Gen.Elements("otherFailure", "conferenceDoesNotExist", "forbidden"), Text))
        from extensions in Extensions
        from extra in ExtraAttributes
        select body with { McuUri = mcu, Reason = reason, Extensions = extensions, ExtraAttributes = extra };

    /// <summary>Fills what a request cannot do without (the reader enforces it), leaving generated values otherwise.</summary>
    private static C3PCommand AsRequestCommand(C3PCommand command)
    {
        var keys = new ConferenceKeys { ConfEntity = "sip:f@example.org" };
        var userKeys = new UserKeys { ConfEntity = "sip:f@example.org", UserEntity = "sip:u@example.org" };
        return command switch
        {
            AddConferenceCommand c => c with { ConferenceInfo = c.ConferenceInfo ?? new ConferenceInfoDocument() },
            GetConferenceCommand c => c with { Keys = c.Keys ?? keys },
            ModifyConferenceCommand c => c with { ConferenceInfo = c.ConferenceInfo ?? new ConferenceInfoDocument() },
            DeleteConferenceCommand c => c with { Keys = c.Keys ?? keys },
            AddUserCommand c => c with { Keys = c.Keys ?? keys, User = c.User ?? new ConferenceUser() },
            DeleteUserCommand c => c with { Keys = c.Keys ?? userKeys },
            ModifyUserRolesCommand c => c with { Keys = c.Keys ?? userKeys, Roles = c.Roles ?? ["presenter"] },
            ModifyConferenceLockCommand c => c with { Keys = c.Keys ?? keys, Locked = c.Locked ?? true },
            ModifyEndpointMediaCommand c => c with
            {
                Keys = c.Keys ?? new MediaKeys { ConfEntity = "f", UserEntity = "u", EndpointEntity = "e", MediaId = "1" },
                Media = c.Media ?? new ConferenceMedia { Id = "1" },
            },
            SetLobbyAccessCommand c => c with { Keys = c.Keys ?? keys },
            _ => command,
        };
    }

    public static Gen<C3PMessage> Message =>
        from isResponse in Bool
        from id in UInt64
        from sender in Text
        from target in Text
        from version in OrNull(Gen.OneOf(Gen.Constant("1"), Text))
        from command in Command
        from code in Gen.Elements(C3PResponseCode.Success, C3PResponseCode.Failure)
        from reason in OrNull(Text)
        from extra in ExtraAttributes
        select isResponse
            ? new C3PResponse { RequestId = id, From = sender, To = target, C3PVersion = version, Code = code, Reason = reason, Command = command, ExtraAttributes = extra }
            : (C3PMessage)new C3PRequest { RequestId = id, From = sender, To = target, C3PVersion = version, Command = AsRequestCommand(command), ExtraAttributes = extra };
}
