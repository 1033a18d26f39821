/**
 * Sesame's global banned list, in the spirit of Entra's: not every leaked password, but the base
 * terms that bad passwords are built from. Each term is matched after normalisation, fuzzily
 * (one edit away) and as a substring, then scored (see banned.ts), so "password" also catches
 * "P@ssw0rd1", "passwords" and "Password2024!"-style variants, and the list stays small enough
 * for the widget to check as the user types. The tenant's custom list adds to it; it cannot be
 * turned off. Sources: the most common passwords in public breach corpora and annual "worst
 * passwords" lists, keyboard walks, and the words those lists are built on.
 */
export const GLOBAL_BANNED_TERMS: readonly string[] = [
  // Password words and defaults
  "password", "passwort", "passwd", "contrasena", "motdepasse", "parola", "haslo", "wachtwoord",
  "changeme", "default", "letmein", "welcome", "welkom", "bienvenue", "willkommen", "secret",
  "access", "login", "logon", "signin", "admin", "administrator", "root", "guest", "user",
  "username", "test", "testing", "tester", "temp", "temporary", "master", "manager", "support",
  "helpdesk", "service", "system", "sysadmin", "operator", "public", "private", "security",
  "secure", "newpassword", "mypassword", "iloveyou", "trustno1", "opensesame", "sesame",
  "nopassword", "blank", "empty", "passpass", "qwerty", "abc123", "abcd1234", "abcdef", "abcdefg",
  "abcdefgh",

  // Digit runs and repeats
  "123456", "1234567", "12345678", "123456789", "1234567890", "0987654321", "987654321",
  "654321", "123123", "123321", "112233", "121212", "131313", "123654", "159753", "147258",
  "147852", "741852", "963852", "111111", "222222", "333333", "444444", "555555", "666666",
  "777777", "888888", "999999", "000000", "101010", "696969", "1q2w3e", "1q2w3e4r", "1qaz2wsx",
  "q1w2e3r4", "zaq12wsx", "aaaaaa", "zzzzzz", "xxxxxx",

  // Keyboard walks
  "qwertz", "azerty", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbn", "zxcvbnm", "qazwsx",
  "qweasd", "qweasdzxc", "asdasd", "qwe123", "asd123", "poiuytrewq", "mnbvcxz", "1qazxsw2",

  // Seasons, months and days: the classic forced-rotation password
  "spring", "summer", "autumn", "winter", "january", "february", "march", "april",
  "june", "july", "august", "september", "october", "november", "december", "monday",
  "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend", "holiday",
  "christmas", "easter", "birthday", "newyear",

  // Affection and people
  "iloveu", "loveyou", "lovely", "lover", "loving", "sweetheart", "sweetie", "sweety", "honey",
  "darling", "babygirl", "babyboy", "princess", "prince", "angel", "angels", "beautiful",
  "pretty", "cutie", "friend", "friends", "family", "mother", "father", "daddy", "mommy",
  "sister", "brother", "husband", "wife", "girlfriend", "boyfriend", "baby", "kitten", "forever",

  // Common names in breach top lists
  "michael", "jennifer", "jessica", "ashley", "daniel", "andrew", "joshua", "matthew",
  "anthony", "william", "thomas", "robert", "charlie", "jordan", "hunter", "george", "nicole",
  "michelle", "amanda", "samantha", "taylor", "maggie", "buster", "ginger", "pepper", "tigger",
  "justin", "thunder", "killer", "sophie", "oliver", "harley", "diamond", "jasmine", "chelsea",
  "richard", "joseph", "david", "james", "john", "alexander", "natasha", "alexis", "melissa",

  // Sport, hobbies and culture
  "football", "baseball", "basketball", "soccer", "hockey", "golfer", "tennis", "yankees",
  "lakers", "cowboys", "steelers", "eagles", "liverpool", "arsenal", "barcelona",
  "realmadrid", "juventus", "ranger", "rangers", "superman", "batman", "spiderman", "ironman",
  "pokemon", "starwars", "startrek", "matrix", "naruto", "mustang", "corvette", "ferrari",
  "porsche", "mercedes", "yamaha", "guitar", "music", "dancer", "gaming", "gamer",
  "minecraft", "fortnite", "roblox", "playstation", "xbox", "nintendo",

  // Animals
  "monkey", "dragon", "tiger", "eagle", "falcon", "shark", "dolphin", "panda", "bear",
  "horse", "snoopy", "puppy", "doggie", "kitty", "bunny", "butterfly", "phoenix",

  // Everyday words from the top-1000 lists
  "sunshine", "shadow", "freedom", "whatever", "computer", "internet", "hello",
  "trustme", "starlight", "silver", "golden", "orange", "purple", "yellow", "banana",
  "cookie", "cheese", "chocolate", "coffee", "pizza", "flower", "flowers", "rainbow",
  "blessed", "jesus", "christ", "heaven", "hallo", "money", "dollar", "lucky", "magic",
  "mystery", "legend", "warrior", "soldier", "ninja", "samurai", "pirate", "cowboy",
  "hotdog", "bigdog", "victory", "winner", "success", "power", "energy", "peace", "happy",
  "smile", "galaxy", "planet", "universe", "dragonfly", "asdf", "qwer", "zxcv",

  // Work, products and places people reach for at a password prompt
  "company", "office", "business", "corporate", "enterprise", "employee", "staff", "intranet",
  "network", "server", "database", "windows", "microsoft", "office365", "outlook", "azure",
  "google", "gmail", "yahoo", "apple", "iphone", "android", "samsung", "facebook", "instagram",
  "twitter", "linkedin", "amazon", "netflix", "spotify", "paypal", "oracle", "cisco", "vmware",
  "london", "paris", "berlin", "madrid", "newyork", "america", "canada", "england", "france",
  "germany", "india", "mexico", "brazil", "australia",
];
