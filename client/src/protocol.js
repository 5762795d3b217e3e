// Code generated from internal/protocol by `go generate ./client`; DO NOT EDIT.

/** Close codes. */
export const CloseNormal = 1000;
export const CloseUnsupported = 1003;
export const CloseMalformed = 1007;
export const ClosePolicy = 1008;
export const CloseTooLarge = 1009;
export const CloseRestart = 1012;
export const CloseReload = 4001;
export const CloseBinding = 4003;
export const CloseBusy = 4013;
export const CloseProtocol = 4400;

/** Keys of an update. */
export const KeySeq = "s";
export const KeyAck = "a";
export const KeySession = "id";
export const KeyReload = "rl";
export const KeyError = "e";
export const KeyRoot = "r";
export const KeyList = "l";
export const KeyPatches = "p";
export const KeySignals = "g";
export const KeyEffects = "fx";

/** Keys of the effects object. */
export const EffectTitle = "title";
export const EffectURL = "url";
export const EffectReplace = "replace";
export const EffectToast = "toast";
export const EffectFlash = "flash";
export const EffectAnnounce = "announce";
export const EffectScroll = "scroll";
export const EffectDownload = "download";
export const EffectFocus = "focus";

/** Keys of a client event. */
export const KeyEventType = "t";
export const KeyEventAction = "a";
export const KeyEventData = "d";
export const KeyEventID = "i";

/** Protocol event types. */
export const EventConnect = "connect";
export const EventNavigate = "navigate";
export const EventResync = "resync";
export const EventWarn = "warn";

/** Kinds of a warn event. */
export const WarnUnsafeURL = "unsafe-url";
