// A deterministic corpus for the search benchmarks: conversations of chat-like messages
// with a Zipf-distributed vocabulary, names, dates, numbers and code, plus planted
// "needles" whose exact matches are known, so result quality can be scored.
import type { MessageNode } from '../src/lib/core/conversationTree.ts';

export interface CorpusConversation {
	id: string;
	title: string;
	model: string;
	updatedAt: number;
}

export interface KnownAnswer {
	/** What a user would type. */
	query: string;
	/** What the query exercises: exact, prefix, typo, phrase, name, code. */
	kind: string;
	/** Every message that should be found, and nothing else should outrank them. */
	expected: string[];
}

export interface SearchCorpus {
	messages: MessageNode[];
	conversations: CorpusConversation[];
	/** ~200 mixed queries (words, phrases, prefixes, typos) for latency. */
	queries: string[];
	knownAnswers: KnownAnswer[];
	/** Characters of message text in all. */
	chars: number;
}

/** mulberry32: small, fast and good enough for shuffling words. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const COMMON = `the of and to a in is it you that he was for on are with as I his they be at one have this from
or had by hot word but what some we can out other were all there when up use your how said an each she which do
their time if will way about many then them write would like so these her long make thing see him two has look more
day could go come did number sound no most people my over know water than call first who may down side been now
find any new work part take get place made live where after back little only round man year came show every good me
give our under name very through just form sentence great think say help low line differ turn cause much mean before
move right boy old too same tell does set three want air well also play small end put home read hand port large spell
add even land here must big high such follow act why ask men change went light kind off need house picture try us
again animal point mother world near build self earth father head stand own page should country found answer school
grow study still learn plant cover food sun four between state keep eye never last let thought city tree cross farm
hard start might story saw far sea draw left late run don't while press close night real life few north open seem
together next white children begin got walk example ease paper group always music those both mark often letter until
mile river car feet care second book carry took science eat room friend began idea fish mountain stop once base hear
horse cut sure watch color face wood main enough plain girl usual young ready above ever red list though feel talk
bird soon body dog family direct pose leave song measure door product black short numeral class wind question happen
complete ship area half rock order fire south problem piece told knew pass since top whole king space heard best hour
better true during hundred five remember step early hold west ground interest reach fast verb sing listen six table
travel less morning ten simple several vowel toward war lay against pattern slow center love person money serve
appear road map rain rule govern pull cold notice voice unit power town fine certain fly fall lead cry dark machine
note wait plan figure star box noun field rest correct able pound done beauty drive stood contain front teach week
final gave green oh quick develop ocean warm free minute strong special mind behind clear tail produce fact street inch
multiply nothing course stay wheel full force blue object decide surface deep moon island foot system busy test
record boat common gold possible plane stead dry wonder laugh thousand ago ran check game shape equate miss brought
heat snow tire bring yes distant fill east paint language among grand ball yet wave drop heart present heavy dance
engine position arm wide sail material size vary settle speak weight general ice matter circle pair include divide
syllable felt perhaps pick sudden count square reason length represent art subject region energy hunt probable bed
brother egg ride cell believe fraction forest sit race window store summer train sleep prove lone exercise wall catch
mount wish sky board joy winter sat written wild instrument kept glass grass cow job edge sign visit past soft fun
bright gas weather month million bear finish happy hope flower clothe strange gone jump baby eight village meet root
buy raise solve metal whether push seven paragraph third shall held hair describe cook floor either result burn hill
safe cat century consider type law bit coast copy phrase silent tall sand soil roll temperature finger industry value
fight lie beat excite natural view sense ear else quite broke case middle kill son lake moment scale loud spring
observe child straight consonant nation dictionary milk speed method organ pay age section dress cloud surprise quiet
stone tiny climb cool design poor lot experiment bottom key iron single stick flat twenty skin smile crease hole trade
melody trip office receive row mouth exact symbol die least trouble shout except wrote seed tone join suggest clean
break lady yard rise bad blow oil blood touch grew cent mix team wire cost lost brown wear garden equal sent choose
fell fit flow fair bank collect save control decimal gentle woman captain practice separate difficult doctor please
protect noon whose locate ring character insect caught period indicate radio spoke atom human history effect electric
expect crop modern element hit student corner party supply bone rail imagine provide agree thus capital chair danger
fruit rich thick soldier process operate guess necessary sharp wing create neighbor wash bat rather crowd corn compare
poem string bell depend meat rub tube famous dollar stream fear sight thin triangle planet hurry chief colony clock
mine tie enter major fresh search send yellow gun allow print dead spot desert suit current lift rose continue block
chart hat sell success company subtract event particular deal swim term opposite wife shoe shoulder spread arrange
camp invent cotton born determine quart nine truck noise level chance gather shop stretch throw shine property column
molecule select wrong gray repeat require broad prepare salt nose plural anger claim continent oxygen sugar death
pretty skill women season solution magnet silver thank branch match suffix especially fig afraid huge sister steel
discuss forward similar guide experience score apple bought led pitch coat mass card band rope slip win dream evening
condition feed tool total basic smell valley nor double seat arrive master track parent shore division sheet
substance favor connect post spend chord fat glad original share station dad bread charge proper bar offer segment
slave duck instant market degree populate chick dear enemy reply drink occur support speech nature range steam motion
path liquid log meant quotient teeth shell neck`.split(/\s+/);

const TECH = `function component server client database query index cache request response error exception
async await promise stream buffer socket thread worker process memory latency throughput schema migration
deploy container kubernetes docker terraform pipeline build compile runtime module package dependency version
typescript javascript python rust golang postgres sqlite redis kafka nginx linux kernel compiler parser tokenizer
regex unicode encoding json yaml markdown html css svelte react vue webpack vite vitest eslint prettier git branch
commit merge rebase conflict review refactor benchmark profile flamegraph allocation garbage collector pointer
reference closure callback iterator generator decorator interface generic trait lifetime borrow mutex channel
embedding vector transformer attention gradient tensor batch epoch dataset tokenizer inference quantization`.split(/\s+/);

const FIRST = 'Amara Bruno Chen Dmitri Elena Farid Grace Hiroshi Ingrid Jamal Keiko Lars Maya Nikolai Olga Priya Quentin Rosa Sanjay Tomas Uma Viktor Wen Ximena Yusuf Zofia'.split(' ');
const LAST = 'Adeyemi Bergstrom Castillo Dubois Eriksen Fujimoto Gallagher Hoffmann Iyer Jovanovic Kowalski Lindqvist Moreau Nakamura Oyelaran Petrov Quispe Rossi Schneider Tanaka Ueda Vasquez Weber Xu Yamamoto Zhang'.split(' ');
const MONTHS = 'January February March April May June July August September October November December'.split(' ');
const MODELS = ['server::gpt-4o-mini', 'server::gpt-4.1', 'gemini::gemini-2.5-flash', 'local::llama-3.1-8b', 'server::claude-sonnet'];

const SYLLABLES = 'ka lo mi ra tu ven sol dor pik zan fel gri mor tal bex qui nar sem vol cra pel thu dri wen yor las bin cet fuz hom'.split(' ');

/** A large pseudo-vocabulary: real chat text has tens of thousands of distinct terms. */
function pseudoWords(count: number, rand: () => number): string[] {
	const words = new Set<string>();
	while (words.size < count) {
		const n = 2 + Math.floor(rand() * 3);
		let word = '';
		for (let i = 0; i < n; i++) word += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
		words.add(word);
	}
	return [...words];
}

/** Zipf(s≈1) sampler over `words` by inverse CDF on precomputed weights. */
function zipf(words: readonly string[], rand: () => number): () => string {
	const cdf = new Float64Array(words.length);
	let total = 0;
	for (let i = 0; i < words.length; i++) cdf[i] = total += 1 / (i + 1) ** 1.05;
	return () => {
		const x = rand() * total;
		let lo = 0;
		let hi = words.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (cdf[mid]! < x) lo = mid + 1;
			else hi = mid;
		}
		return words[lo]!;
	};
}

// Needles: rare terms planted in a known set of messages. Their parts (for the phrase)
// also occur elsewhere on their own, so only an engine that ranks well puts them first.
const NEEDLES: { text: string; query: string; kind: string; copies: number; typo?: string; prefix?: string }[] = [
	{ text: 'kumquat', query: 'kumquat', kind: 'exact', copies: 3, typo: 'kumqaut', prefix: 'kumqu' },
	{ text: 'Bartholomew Okonkwo', query: 'Bartholomew Okonkwo', kind: 'name', copies: 2, typo: 'Bartolomew Okonkwo' },
	{ text: 'useDebouncedCallback', query: 'useDebouncedCallback', kind: 'code', copies: 2, prefix: 'useDebounced' },
	{ text: 'quarterly revenue forecast', query: '"quarterly revenue forecast"', kind: 'phrase', copies: 3 },
	{ text: 'xylophonist', query: 'xylophonist', kind: 'exact', copies: 4, typo: 'xylofonist', prefix: 'xyloph' },
	{ text: 'ERR_SOCKET_TIMEOUT_4471', query: 'ERR_SOCKET_TIMEOUT_4471', kind: 'code', copies: 2 }
];

/**
 * `count` messages in conversations of 4–40 turns, user and assistant alternating, over
 * two years. Same `seed`, same corpus.
 */
export function generateCorpus(count = 100_000, seed = 42): SearchCorpus {
	const rand = random(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
	const vocabulary = [...COMMON, ...TECH, ...pseudoWords(30_000, rand)];
	// Shuffle the tail so pseudo-words are spread through the frequency ranks.
	for (let i = vocabulary.length - 1; i > COMMON.length; i--) {
		const j = COMMON.length + Math.floor(rand() * (i - COMMON.length + 1));
		[vocabulary[i], vocabulary[j]] = [vocabulary[j]!, vocabulary[i]!];
	}
	const word = zipf(vocabulary, rand);
	const techWord = () => pick(TECH);
	const name = () => `${pick(FIRST)} ${pick(LAST)}`;
	const date = () =>
		rand() < 0.5
			? `${2023 + Math.floor(rand() * 3)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`
			: `${pick(MONTHS)} ${1 + Math.floor(rand() * 28)}, ${2023 + Math.floor(rand() * 3)}`;
	const camel = () => [techWord(), techWord(), techWord()].map((w, i) => (i ? w[0]!.toUpperCase() + w.slice(1) : w)).join('');

	function sentence(): string {
		const n = 6 + Math.floor(rand() * 14);
		const words: string[] = [];
		for (let i = 0; i < n; i++) {
			const r = rand();
			if (r < 0.04) words.push(name());
			else if (r < 0.06) words.push(date());
			else if (r < 0.08) words.push(String(Math.floor(rand() * 10_000)));
			else if (r < 0.18) words.push(techWord());
			else words.push(word());
		}
		const text = words.join(' ');
		return text[0]!.toUpperCase() + text.slice(1) + pick(['.', '.', '.', '?', '!']);
	}

	function code(): string {
		const fn = camel();
		const lines = [
			'```ts',
			`export async function ${fn}(${techWord()}: ${pick(['string', 'number', 'Request', 'Buffer'])}) {`,
			`\tconst ${techWord()} = await ${camel()}(${Math.floor(rand() * 100)});`,
			`\tif (!${techWord()}) throw new Error('${sentence().slice(0, 40)}');`,
			`\treturn ${camel()}();`,
			'}',
			'```'
		];
		return lines.join('\n');
	}

	function userText(): string {
		const n = 1 + Math.floor(rand() * 3);
		return Array.from({ length: n }, sentence).join(' ');
	}

	function assistantText(): string {
		const paragraphs = 1 + Math.floor(rand() * 4);
		const parts: string[] = [];
		for (let p = 0; p < paragraphs; p++) {
			const r = rand();
			if (r < 0.15) parts.push(code());
			else if (r < 0.3) parts.push(Array.from({ length: 3 }, () => `- ${sentence()}`).join('\n'));
			else parts.push(Array.from({ length: 2 + Math.floor(rand() * 3) }, sentence).join(' '));
		}
		return parts.join('\n\n');
	}

	const messages: MessageNode[] = [];
	const conversations: CorpusConversation[] = [];
	const start = Date.UTC(2024, 0, 1);
	const span = 2 * 365 * 24 * 3600 * 1000;
	let chars = 0;
	for (let c = 0; messages.length < count; c++) {
		const id = `c${c}`;
		const model = pick(MODELS);
		let time = start + Math.floor(rand() * span);
		const turns = Math.min(4 + Math.floor(rand() * 37), count - messages.length);
		let parentId: string | null = null;
		for (let t = 0; t < turns; t++) {
			const role = t % 2 === 0 ? 'user' : 'assistant';
			const content = role === 'user' ? userText() : assistantText();
			const messageId: string = `m${messages.length}`;
			time += 5_000 + Math.floor(rand() * 600_000);
			messages.push({
				id: messageId,
				conversationId: id,
				parentId,
				role,
				content,
				...(role === 'assistant' ? { model } : {}),
				status: 'complete',
				createdAt: time,
				updatedAt: time
			});
			chars += content.length;
			parentId = messageId;
		}
		conversations.push({ id, title: sentence().slice(0, 48), model, updatedAt: time });
	}

	const knownAnswers: KnownAnswer[] = [];
	const planted = new Set<number>();
	for (const needle of NEEDLES) {
		const expected: string[] = [];
		while (expected.length < needle.copies) {
			const index = Math.floor(rand() * messages.length);
			if (planted.has(index)) continue;
			planted.add(index);
			const message = messages[index]!;
			chars += needle.text.length + 1;
			message.content = `${message.content.slice(0, 120)} ${needle.text} ${message.content.slice(120)}`;
			expected.push(message.id);
		}
		knownAnswers.push({ query: needle.query, kind: needle.kind, expected });
		if (needle.typo) knownAnswers.push({ query: needle.typo, kind: 'typo', expected });
		if (needle.prefix) knownAnswers.push({ query: needle.prefix, kind: 'prefix', expected });
	}
	// The phrase's words alone, scattered: they must not outrank the phrase.
	for (let i = 0; i < 200; i++) {
		const message = messages[Math.floor(rand() * messages.length)]!;
		message.content += ` Our ${pick(['quarterly', 'revenue', 'forecast'])} ${word()} ${pick(['quarterly', 'revenue', 'forecast'])}.`;
	}

	const queries: string[] = [];
	const typo = (w: string) => {
		const i = 1 + Math.floor(rand() * (w.length - 2));
		return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
	};
	const longWord = () => {
		for (;;) {
			const w = rand() < 0.5 ? techWord() : word();
			if (w.length >= 5) return w;
		}
	};
	for (let i = 0; i < 60; i++) queries.push(rand() < 0.7 ? word() : techWord());
	for (let i = 0; i < 40; i++) queries.push(`${longWord()} ${longWord()}`);
	for (let i = 0; i < 20; i++) queries.push(`"${word()} ${word()}"`);
	for (let i = 0; i < 40; i++) queries.push(longWord().slice(0, 3 + Math.floor(rand() * 2)));
	for (let i = 0; i < 30; i++) queries.push(typo(longWord()));
	for (let i = 0; i < 10; i++) queries.push(pick(LAST));
	return { messages, conversations, queries, knownAnswers, chars };
}
