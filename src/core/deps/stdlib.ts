import { builtinModules } from 'node:module';

/**
 * Python's standard library top-level modules: sys.stdlib_module_names of CPython 3.11, plus modules
 * removed since 2.7 that old code still imports (they never need a declaration either).
 */
export const PYTHON_STDLIB: ReadonlySet<string> = new Set(
  '__future__ _abc _aix_support _ast _asyncio _bisect _blake2 _bootsubprocess _bz2 _codecs _codecs_cn _codecs_hk _codecs_iso2022 _codecs_jp _codecs_kr _codecs_tw _collections _collections_abc _compat_pickle _compression _contextvars _crypt _csv _ctypes _curses _curses_panel _datetime _dbm _decimal _elementtree _frozen_importlib _frozen_importlib_external _functools _gdbm _hashlib _heapq _imp _io _json _locale _lsprof _lzma _markupbase _md5 _msi _multibytecodec _multiprocessing _opcode _operator _osx_support _overlapped _pickle _posixshmem _posixsubprocess _py_abc _pydecimal _pyio _queue _random _scproxy _sha1 _sha256 _sha3 _sha512 _signal _sitebuiltins _socket _sqlite3 _sre _ssl _stat _statistics _string _strptime _struct _symtable _thread _threading_local _tkinter _tokenize _tracemalloc _typing _uuid _warnings _weakref _weakrefset _winapi _zoneinfo abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys compileall concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json keyword lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap this threading time timeit tkinter token tokenize tomllib trace traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo __future__ __main__ asyncio tomllib zoneinfo graphlib _thread ConfigParser Queue StringIO cPickle cStringIO urllib2 urlparse httplib HTMLParser Tkinter'.split(' '),
);

/** Node's built-in modules, with and without the node: prefix, from the running Node itself. */
export const NODE_BUILTINS: ReadonlySet<string> = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:test', 'node:sqlite', 'node:sea']);

/**
 * Top-level import names whose distribution is named differently. Each maps to the distributions that
 * provide it; any of them declared is enough. Names compared after PEP 503 folding.
 */
export const PYTHON_IMPORT_TO_DISTRIBUTION: Readonly<Record<string, readonly string[]>> = {
  yaml: ['PyYAML', 'ruamel.yaml'],
  cv2: ['opencv-python', 'opencv-python-headless', 'opencv-contrib-python', 'opencv-contrib-python-headless'],
  sklearn: ['scikit-learn'],
  skimage: ['scikit-image'],
  bs4: ['beautifulsoup4'],
  PIL: ['Pillow', 'pillow-simd'],
  dateutil: ['python-dateutil'],
  dotenv: ['python-dotenv'],
  jwt: ['PyJWT'],
  OpenSSL: ['pyOpenSSL'],
  Crypto: ['pycryptodome', 'pycrypto'],
  Cryptodome: ['pycryptodomex'],
  attr: ['attrs'],
  magic: ['python-magic'],
  serial: ['pyserial'],
  usb: ['pyusb'],
  docx: ['python-docx'],
  pptx: ['python-pptx'],
  git: ['GitPython'],
  jose: ['python-jose'],
  multipart: ['python-multipart'],
  MySQLdb: ['mysqlclient'],
  psycopg2: ['psycopg2', 'psycopg2-binary'],
  psycopg: ['psycopg', 'psycopg-binary'],
  fitz: ['PyMuPDF'],
  gi: ['PyGObject'],
  win32api: ['pywin32'],
  win32con: ['pywin32'],
  zmq: ['pyzmq'],
  Levenshtein: ['python-Levenshtein', 'Levenshtein'],
  telegram: ['python-telegram-bot'],
  discord: ['discord.py'],
  socketio: ['python-socketio'],
  engineio: ['python-engineio'],
  slugify: ['python-slugify'],
  dns: ['dnspython'],
  ldap: ['python-ldap'],
  kafka: ['kafka-python'],
  nacl: ['PyNaCl'],
  Bio: ['biopython'],
  pkg_resources: ['setuptools'],
  _pytest: ['pytest'],
  grpc: ['grpcio'],
  faiss: ['faiss-cpu', 'faiss-gpu'],
  websocket: ['websocket-client'],
  github: ['PyGithub'],
  lxml: ['lxml'],
  markdown: ['Markdown'],
  mpl_toolkits: ['matplotlib'],
  pylab: ['matplotlib'],
  sentry_sdk: ['sentry-sdk'],
  tensorflow: ['tensorflow', 'tensorflow-cpu', 'tensorflow-gpu'],
  torch: ['torch'],
  OpenGL: ['PyOpenGL'],
  wx: ['wxPython'],
  Xlib: ['python-xlib'],
  ruamel: ['ruamel.yaml'],
  fastapi: ['fastapi'],
  jinja2: ['Jinja2'],
  markupsafe: ['MarkupSafe'],
  werkzeug: ['Werkzeug'],
  google: ['protobuf', 'google-api-python-client', 'googleapis-common-protos'],
  azure: [],
  snappy: ['python-snappy'],
  consul: ['python-consul'],
  memcache: ['python-memcached'],
  pymysql: ['PyMySQL'],
  redis: ['redis'],
  tz: ['pytz'],
  pythonjsonlogger: ['python-json-logger'],
  typing_extensions: ['typing-extensions', 'typing_extensions'],
  googleapiclient: ['google-api-python-client'],
  pkg_about: ['pkg-about'],
  speech_recognition: ['SpeechRecognition'],
  ffmpeg: ['ffmpeg-python'],
  Image: ['Pillow'],
  pyximport: ['Cython'],
  IPython: ['ipython'],
};

/** Namespace packages: `import azure.storage.blob` is provided by a distribution named `azure-storage-blob`. */
export const PYTHON_NAMESPACES: ReadonlySet<string> = new Set(['google', 'azure', 'jaraco', 'zope', 'backports', 'sphinxcontrib', 'ruamel', 'opentelemetry', 'oslo', 'flufl', 'plone', 'collective']);
