"""Immutable value types that are cheap to define: the policy, its parts, problems.

Why not ``@dataclass(frozen=True)``: every startup defines about 35 of these, and a
frozen dataclass costs ~0.5 ms to create (it compiles six generated methods), about
18 ms of each `comms lint` run on a 2-core machine; a :class:`Frozen` subclass costs
~0.01 ms (only a class with many instances gets an ``__init__`` compiled for its
fields: see _first_init). Why not ``NamedTuple``: tuples compare equal across types
(``All(items, loc) == AnyOf(items, loc)``), and the verifier memoises on conditions.

A subclass lists its fields as class annotations, in order; a class attribute after
one is its default (a dict or list default is copied for each instance, like
``field(default_factory=...)``). Instances are created with positional or keyword
arguments, compare equal only to the same type with equal fields, hash and print
by their fields, refuse assignment, and give a changed copy with :meth:`replace`.

Type checkers see every subclass as a frozen dataclass (``typing.dataclass_transform``,
PEP 681): they check the arguments of each constructor and refuse assignment to a field.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING:  # only type checkers read this: typing_extensions is not a run-time dependency
    from typing_extensions import Self, dataclass_transform
else:
    _T = TypeVar("_T")

    def dataclass_transform(**_: Any) -> Callable[[_T], _T]:
        """At run time the decorator does nothing; type checkers read Frozen as a frozen dataclass."""
        return lambda cls: cls


@dataclass_transform(frozen_default=True, eq_default=True)
class Frozen:
    """Base of the immutable value types (see the module docstring)."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _compared: ClassVar[tuple[str, ...] | None] = None  # the fields == and < look at (default: all)
    _key: ClassVar[Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = [name for name in cls.__dict__.get("__annotations__", {}) if not name.startswith("_")]
        cls._fields = cls._fields + tuple(own)
        cls._defaults = {**cls._defaults, **{name: cls.__dict__[name] for name in own if name in cls.__dict__}}
        compared = cls._fields if cls._compared is None else cls._compared
        if compared:  # a base without fields of its own (Ordered) has no key
            cls._key = attrgetter(*compared)
        if getattr(cls.__init__, "_generic", False):  # not a class's own __init__ (Location has one)
            cls.__init__ = _first_init  # type: ignore[method-assign]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._fields
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__}() takes {len(fields)} arguments, got {len(args)}")
        values = dict(zip(fields, args, strict=False))  # the rest: keywords or defaults
        for name, value in kwargs.items():
            if name not in fields or name in values:
                raise TypeError(f"{type(self).__name__}(): unexpected or repeated argument {name!r}")
            values[name] = value
        for name in fields:
            if name not in values:
                values[name] = self._default(name)
        self.__dict__.update(values)

    __init__._generic = True  # type: ignore[attr-defined]

    def _default(self, name: str) -> Any:
        try:
            default = self._defaults[name]
        except KeyError:
            raise TypeError(f"{type(self).__name__}() is missing the argument {name!r}") from None
        return default.copy() if type(default) in (dict, list) else default

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed (like ``dataclasses.replace``)."""
        return type(self)(**{**{name: getattr(self, name) for name in self._fields}, **changes})

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(self._key(self) == self._key(other))

    def __hash__(self) -> int:
        return hash(self._key(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"


_COMPILE_AFTER = 64  # instances made by the generic __init__ before a class gets its own


def _first_init(self: Frozen, *args: Any, **kwargs: Any) -> None:
    """Make the instance with the generic __init__; a class with many instances gets one made for its fields.

    A policy of 20,000 rules makes ~185,000 conditions and other parts; an __init__ with
    the fields as parameters makes each in a third of the time of the generic one. It is
    compiled (~0.1 ms) at a class's 64th instance, not when the class is defined: start-up
    defines about 35 classes, and reading the default policy makes more than 64 instances
    of only a few of them.
    """
    cls = type(self)
    if cls.__dict__.get("__init__") is _first_init:  # not a subclass's own __init__ calling super()
        made = cls.__dict__.get("_made", 0) + 1
        if made >= _COMPILE_AFTER:
            init = _compiled_init(cls)
            if init is not Frozen.__init__:
                cls.__init__ = init  # type: ignore[method-assign]
        cls._made = made  # type: ignore[attr-defined]
    Frozen.__init__(self, *args, **kwargs)


_first_init._generic = True  # type: ignore[attr-defined]


def _compiled_init(cls: type[Frozen]) -> Callable[..., None]:
    fields, defaults = cls._fields, cls._defaults
    if any(name in ("self", "fields", "_defaults", "_copied") for name in fields):
        return Frozen.__init__
    params, body = [], []
    for name in fields:
        if name not in defaults:
            params.append(name)
        elif type(defaults[name]) in (dict, list):  # a fresh copy for each instance
            params.append(f"{name}=_copied")
            body.append(f"    if {name} is _copied: {name} = _defaults[{name!r}].copy()")
        else:
            params.append(f"{name}=_defaults[{name!r}]")
        body.append(f"    fields[{name!r}] = {name}")
    source = f"def __init__(self, {', '.join(params)}):\n    fields = self.__dict__\n" + "\n".join(body) + "\n"
    namespace: dict[str, Any] = {"_defaults": defaults, "_copied": object()}
    try:
        exec(source, namespace)  # noqa: S102 - made of the class's own field names (annotations in its body)
    except SyntaxError:  # a field named like a keyword
        return Frozen.__init__
    init: Callable[..., None] = namespace["__init__"]
    init._generic = True  # type: ignore[attr-defined]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


class Ordered(Frozen):
    """A Frozen type whose instances also sort, by their compared fields in order."""

    def __lt__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(self._key(self) < self._key(other))

    def __le__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(self._key(self) <= self._key(other))

    def __gt__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(self._key(self) > self._key(other))

    def __ge__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(self._key(self) >= self._key(other))
