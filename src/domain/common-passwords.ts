/**
 * Passwords that are refused whatever their length: the most common ones in public breach
 * corpora (international and Chinese-language sites), plus words an attacker would try first
 * against this platform. Compared in lower case, and also after stripping trailing digits and
 * symbols and undoing common letter substitutions (see passwords.ts), so "Password2025!" and
 * "p@ssw0rd" are caught by "password".
 *
 * The list is deliberately small (it ships in the bundle); length ≥ 12 does most of the work.
 */
export const COMMON_PASSWORDS: readonly string[] = [
  // keyboard walks and digit runs
  '123456', '1234567', '12345678', '123456789', '1234567890', '12345678910', '123123', '123123123',
  '123321', '123654', '1234554321', '987654321', '9876543210', '654321', '111111', '11111111',
  '000000', '00000000', '666666', '66666666', '888888', '88888888', '999999', '99999999', '112233',
  '121212', '147258', '147258369', '159357', '159753', '168168', '5201314', '5201314520', '520520',
  '1314520', '131452', '7758521', '741852963', '789456', '789456123', '147852369', '321654',
  'qwerty', 'qwerty123', 'qwertyuiop', 'qwertyuiop123', 'asdfgh', 'asdfghjkl', 'asdf1234', 'zxcvbn',
  'zxcvbnm', 'zxcvbnm123', '1qaz2wsx', '1qaz2wsx3edc', '1q2w3e4r', '1q2w3e4r5t', '1q2w3e', 'q1w2e3r4',
  'qazwsx', 'qazwsxedc', 'qweasd', 'qweasdzxc', 'qwe123', 'qwe123456', 'asd123', 'asd123456',
  'zaq12wsx', '!qaz2wsx', 'abc123', 'abc12345', 'abc123456', 'abc123456789', 'abcd1234', 'abcdefg',
  'a123456', 'a12345678', 'a123456789', 'aa123456', 'aaaaaa', 'aaaaaaaa', 'aaa111', 'abcabc',
  '123456a', '123456aa', '123456789a', '123456abc', '123abc', '1a2b3c4d', 'a1b2c3d4', 'a1234567',
  'qq123456', 'qq5201314', 'woaini', 'woaini1314', 'woaini520', 'woaini123', 'iloveyou', 'iloveyou1',
  'wodemima', 'mima123', 'mima', 'nicai', 'zhang123', 'wang123', 'li123456', 'liu123456', 'chen123',
  'yang123', 'huang123', 'zhao123', 'zhou123', 'wu123456', 'xu123456', 'sun123456', 'ma123456',
  'zhu123456', 'hu123456', 'guo123456', 'lin123456', 'he123456', 'gao123456', 'luo123456',
  // words
  'password', 'passwd', 'passw0rd', 'password1', 'password12', 'password123', 'passpass', 'pass1234',
  'p@ssw0rd', 'p@ssword', 'admin', 'admin123', 'admin1234', 'admin12345', 'admin123456', 'administrator',
  'root', 'root123', 'root1234', 'toor', 'super', 'superman', 'superuser', 'system', 'manager',
  'welcome', 'welcome1', 'welcome123', 'letmein', 'letmein123', 'login', 'login123', 'guest', 'test',
  'test123', 'test1234', 'testtest', 'demo', 'demo123', 'default', 'changeme', 'secret', 'master',
  'dragon', 'monkey', 'football', 'baseball', 'basketball', 'soccer', 'shadow', 'sunshine', 'princess',
  'starwars', 'whatever', 'trustno1', 'freedom', 'computer', 'internet', 'michael', 'jennifer', 'jordan',
  'jordan23', 'hunter', 'hunter2', 'charlie', 'batman', 'pokemon', 'mustang', 'liverpool', 'chelsea',
  'arsenal', 'killer', 'loveme', 'lovely', 'love1314', 'ilove', 'fuckyou', 'asshole', 'hello',
  'hello123', 'helloworld', 'hellokitty', 'flower', 'butterfly', 'purple', 'orange', 'banana', 'apple',
  'cheese', 'chocolate', 'cookie', 'summer', 'winter', 'spring', 'autumn', 'monday', 'friday',
  'january', 'august', 'october', 'december', 'google', 'baidu', 'taobao', 'alipay', 'weixin', 'wechat',
  'tencent', 'huawei', 'xiaomi', 'china', 'china123', 'beijing', 'shanghai', 'zhongguo', 'aini1314',
  'tianya', 'dearbook', 'qwertyui', 'q1w2e3r4t5', 'caonima', 'wocaonima', 'tamade', 'woshishui',
  'abcdefgh', 'abcdefghi', 'abcdefghij', 'access', 'access14', 'matrix', 'ninja', 'azerty', 'solo',
  'mypassword', 'mypass', 'newpassword', 'oldpassword', 'temp', 'temp123', 'temporary', 'user',
  'user123', 'username', 'public', 'private', 'security', 'secure', 'office', 'company', 'work',
  // this platform: names an attacker would try first
  'weijian', 'weijianwei', 'weishengjian', 'weishengjiandu', 'wsjd', 'wsjds', 'jiandu', 'jianduyuan',
  'jiandusuo', 'weisheng', 'yiyuan', 'yiliao', 'yiliaojigou', 'zhensuo', 'xinyong', 'gongshi',
  'health', 'hospital', 'clinic', 'doctor', 'nurse', 'medical', 'medicine', 'supervisor', 'district',
  'viewer', 'credit', 'platform', 'complaint',
];
