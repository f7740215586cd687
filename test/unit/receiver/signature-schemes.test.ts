import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sortedParamsFromJson, verifySignature } from '../../../main/receiver';
import { rubyFloat, rubyInspectString } from '../../../main/receiver/ruby-params';

/** HMAC-SHA1 as an outsider computes it: OpenSSL, not our code. */
function openssl(key: string, message: string, out: 'base64' | 'hex'): string {
  const digest = out === 'hex' ? '-hex' : '-binary';
  const script =
    out === 'hex'
      ? `openssl dgst -sha1 -hmac "$KEY" ${digest} | sed 's/^.*= //'`
      : `openssl dgst -sha1 -hmac "$KEY" ${digest} | base64`;
  return execFileSync('sh', ['-c', script], { input: message, env: { ...process.env, KEY: key } })
    .toString()
    .trim();
}

const key = 'k9Xq2_Zr-4TbN8wLm0PaQe';
const url = 'https://shop.example.loca.lt/hooks/abc?account=acme';
const target = { url, authKey: key };

// Written out by hand from Ruby's documented behaviour: JSON.parse keeps key order and exact
// integers; Array#flatten flattens nested arrays (not hashes); Array#join renders nil as '',
// strings as they are and hashes with #inspect ({"k"=>"v"} before Ruby 3.4, {"k" => "v"} after).
const body = String.raw`{"event_type":"checkout.succeeded","data":{"object":{"b":1,"2":null,"x":[1,"a"],"f":1.0,"q":"say \"hi\" #{x} \u00e9\n"}},"account_id":77,"tags":["a",["b",null]],"z":null,"amount":21.5,"big":12345678901234567890,"flag":true}`;
const classic = String.raw`account_id77amount21.5big12345678901234567890data{"object"=>{"b"=>1, "2"=>nil, "x"=>[1, "a"], "f"=>1.0, "q"=>"say \"hi\" \#{x} é\n"}}event_typecheckout.succeededflagtruetagsabz`;
const ruby34 = String.raw`account_id77amount21.5big12345678901234567890data{"object" => {"b" => 1, "2" => nil, "x" => [1, "a"], "f" => 1.0, "q" => "say \"hi\" \#{x} é\n"}}event_typecheckout.succeededflagtruetagsabz`;

function signedWith(signature: string) {
  const params = sortedParamsFromJson(body);
  return verifySignature(
    signature,
    {
      raw: Buffer.from(body),
      sortedParams: () => (params ? [params.classic, params.ruby34] : null),
    },
    [target],
  );
}

describe('signature scheme candidates', () => {
  it('verify the documented scheme: base64 of HMAC-SHA1 keyed by the auth key over url + body', () => {
    expect(signedWith(openssl(key, url + body, 'base64'))).toMatchObject({
      ok: true,
      scheme: 'documented',
    });
  });

  it("verify the Ruby snippet taken literally: the hex digest keyed by url + body over the auth key, base64'd with encode64's newlines", () => {
    const hex = openssl(url + body, key, 'hex');
    const encode64 = `${Buffer.from(hex).toString('base64')}\n`;
    expect(signedWith(encode64)).toMatchObject({ ok: true, scheme: 'ruby_snippet' });
    const folded = `${encode64.slice(0, 20)}\n${encode64.slice(20)}`;
    expect(signedWith(folded)).toMatchObject({ ok: true, scheme: 'ruby_snippet' });
  });

  it('render params.sort.flatten.join as Ruby does, in both Hash#inspect styles', () => {
    expect(sortedParamsFromJson(body)).toEqual({ classic, ruby34 });
  });

  it.each([
    ['before Ruby 3.4', classic],
    ['from Ruby 3.4', ruby34],
  ])('verify the sorted-parameters scheme rendered %s', (_, rendered) => {
    expect(signedWith(openssl(key, url + rendered, 'base64'))).toMatchObject({
      ok: true,
      scheme: 'sorted_params',
    });
  });

  it('refuse a signature no candidate produces, naming the URL tried', () => {
    const check = signedWith(openssl('another-key', url + body, 'base64'));
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain(url);
  });

  it('try the preferred scheme first and still find another one', () => {
    const documented = openssl(key, url + body, 'base64');
    const check = verifySignature(documented, Buffer.from(body), [target], 'sorted_params');
    expect(check).toMatchObject({ ok: true, scheme: 'documented' });
  });

  it('give no sorted-parameters rendering for bodies Ruby would not parse as a hash', () => {
    expect(sortedParamsFromJson('[1,2]')).toBeNull();
    expect(sortedParamsFromJson('{"a":1')).toBeNull();
    expect(sortedParamsFromJson('{"a":01}')).toBeNull();
    // Ruby's JSON.parse stops at 100 levels of nesting.
    expect(sortedParamsFromJson(`${'{"a":'.repeat(101)}1${'}'.repeat(101)}`)).toBeNull();
    expect(sortedParamsFromJson(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`)).not.toBeNull();
  });

  it('render floats and strings as Ruby prints them', () => {
    const floats: Array<[number, string]> = [
      [1, '1.0'],
      [100, '100.0'],
      [21.5, '21.5'],
      [1e15, '1000000000000000.0'],
      [1e16, '1.0e+16'],
      [0.0001, '0.0001'],
      [0.00001, '1.0e-05'],
      [-0, '-0.0'],
      [-1.5e300, '-1.5e+300'],
      [123456.789, '123456.789'],
    ];
    for (const [x, ruby] of floats) expect(rubyFloat(x)).toBe(ruby);
    expect(rubyInspectString('a\tb\u0001\u001b#$x#@y#z\\')).toBe(
      String.raw`"a\tb\u0001\e\#$x\#@y#z\\"`,
    );
  });
});
